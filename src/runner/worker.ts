/**
 * A worker thread with its own tfjs: runs the points it is sent, one at a
 * time, and reports their progress. Cancelled by a `cancel` message.
 */
import { parentPort } from 'node:worker_threads';
import { executeRun } from './execute.js';
import { UsageError } from '../errors.js';
import type { WorkerRequest, WorkerReply } from './pool.js';

let controller = new AbortController();
const reply = (m: WorkerReply) => parentPort!.postMessage(m);

parentPort!.on('message', async (m: WorkerRequest) => {
  if (m.type === 'cancel') {
    controller.abort();
    return;
  }
  if (controller.signal.aborted) controller = new AbortController();
  try {
    const result = await executeRun(m.job.experiment, { yamlFile: m.job.yamlFile, dataFiles: m.job.dataFiles }, {
      ...m.job.options,
      signal: controller.signal,
      onStart: (_name, epochs) => reply({ type: 'start', id: m.id, epochs }),
      onEpoch: (row) => reply({ type: 'epoch', id: m.id, row }),
      onWriting: () => reply({ type: 'writing', id: m.id }),
    });
    reply({ type: 'done', id: m.id, result });
  } catch (e) {
    reply({ type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e), usage: e instanceof UsageError, stack: e instanceof Error ? e.stack : undefined });
  }
});
