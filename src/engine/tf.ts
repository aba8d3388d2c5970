/**
 * Loads tfjs once per process and picks the backend: `auto` takes
 * tfjs-node's `tensorflow` where it installed, else the pure-JS `cpu`.
 * The "looks like you are running TensorFlow.js in Node.js" banner is silenced.
 */
import { UsageError } from '../errors.js';
import type { Tf } from '../registry/entry.js';

export type BackendChoice = 'auto' | 'tensorflow' | 'cpu' | 'wasm';
export const BACKENDS: readonly BackendChoice[] = ['auto', 'tensorflow', 'cpu', 'wasm'];

export class BackendError extends UsageError {}

let loaded: Promise<Tf> | undefined;
let tfjsNodeTried: boolean | undefined;

async function tryTfjsNode(): Promise<boolean> {
  if (tfjsNodeTried !== undefined) return tfjsNodeTried;
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  try {
    await import('@tensorflow/tfjs-node' as string);
    tfjsNodeTried = true;
  } catch {
    tfjsNodeTried = false;
  }
  return tfjsNodeTried;
}

/** tfjs with the chosen backend active; returns the backend's name. */
export async function loadTf(choice: BackendChoice = 'auto'): Promise<{ tf: Tf; backend: string }> {
  loaded ??= import('@tensorflow/tfjs') as Promise<Tf>;
  const tf = await loaded;
  let name: string;
  if (choice === 'tensorflow' || (choice === 'auto' && process.env.TRAINSPEC_NO_TFJS_NODE !== '1')) {
    const ok = await tryTfjsNode();
    if (!ok && choice === 'tensorflow') {
      throw new BackendError('backend "tensorflow" needs @tensorflow/tfjs-node, which is not installed here (its install downloads libtensorflow); use --backend cpu');
    }
    name = ok ? 'tensorflow' : 'cpu';
  } else if (choice === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    name = 'wasm';
  } else name = 'cpu';
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new BackendError(`backend "${name}" failed to initialise`);
  }
  await tf.ready();
  // The cpu backend warns once on its first tensor; mark it as used.
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  return { tf, backend: name };
}

export async function tfVersion(): Promise<string> {
  const tf = await (loaded ??= import('@tensorflow/tfjs') as Promise<Tf>);
  return tf.version.tfjs;
}
