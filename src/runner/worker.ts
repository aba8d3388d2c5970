/**
 * A worker thread with its own tfjs: trains the points it is sent, one at a
 * time, and sends back their progress and outcome. It neither locks nor
 * writes (the main thread does, while this thread trains the next point), so
 * it never loads the chart renderer. Cancelled by a `cancel` message.
 */
import { parentPort } from 'node:worker_threads';
import { runExperiment } from '../engine/run.js';
import { tfVersion } from '../engine/tf.js';
import { CancelledError, type HistoryRow } from '../engine/train.js';
import { UsageError } from '../errors.js';
import type { WorkerRequest, WorkerReply } from './pool.js';

/** Epoch rows go out in batches at most this often: one message per epoch costs more than a small epoch. */
const EPOCH_BATCH_MS = 50;

let controller = new AbortController();
// tfjs loads now, while the main thread reads and validates the files (a failure shows when a run loads it).
setImmediate(() => void tfVersion().catch(() => {}));
const reply = (m: WorkerReply) => parentPort!.postMessage(m);

parentPort!.on('message', async (m: WorkerRequest) => {
  if (m.type === 'cancel') {
    controller.abort();
    return;
  }
  if (controller.signal.aborted) controller = new AbortController();
  let rows: HistoryRow[] = [];
  let sent = performance.now();
  const flush = () => {
    if (rows.length) reply({ type: 'epochs', id: m.id, rows });
    rows = [];
    sent = performance.now();
  };
  try {
    const outcome = await runExperiment(m.job.experiment, { yamlFile: m.job.yamlFile, dataFiles: m.job.dataFiles }, {
      ...m.job.options,
      signal: controller.signal,
      onEpoch: (row) => {
        rows.push(row);
        if (performance.now() - sent >= EPOCH_BATCH_MS) flush();
      },
    });
    flush();
    reply({ type: 'trained', id: m.id, outcome, tfjsVersion: await tfVersion() });
  } catch (e) {
    flush();
    if (e instanceof CancelledError) reply({ type: 'cancelled', id: m.id });
    else reply({ type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e), usage: e instanceof UsageError, stack: e instanceof Error ? e.stack : undefined });
  }
});
