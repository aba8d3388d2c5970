/**
 * Loads tfjs once per process and activates a backend. `loadTf('auto')` takes
 * tfjs-node's `tensorflow` where it installed, else the pure-JS `cpu`; a run
 * asks backend-plan.ts first, whose `auto` also weighs wasm for the model the
 * tfjs engine trains, and passes the backend it picked. Results are
 * reproducible per backend; run.json records the one that ran.
 * The "looks like you are running TensorFlow.js in Node.js" banner is silenced.
 *
 * Only the parts trainspec uses are loaded: tfjs-core, tfjs-layers and the cpu backend (what
 * `@tensorflow/tfjs` re-exports, without converter, data and webgl; its chained ops are installed
 * by chained-ops.ts), through `require`: the packages are CommonJS, and `import()` would first
 * scan each multi-megabyte bundle for its export names (cjs-module-lexer). About 100 ms instead of
 * 330 ms.
 */
import { createRequire } from 'node:module';
import { UsageError } from '../errors.js';
import { installChainedOps } from './chained-ops.js';
import type { Tf } from '../registry/entry.js';

import type { BackendChoice } from './choices.js';
export type { BackendChoice } from './choices.js';

export class BackendError extends UsageError {}

const require = createRequire(import.meta.url);

let loaded: Tf | undefined;
let tfjsNodeTried: boolean | undefined;

/**
 * tfjs as `@tensorflow/tfjs` composes it (tf.node.js: core's exports, then layers', then the cpu
 * backend's, and `version`), from the same packages, so the objects are the same ones. Typed as
 * the whole `@tensorflow/tfjs` (`Tf`); its converter (`loadGraphModel`, ...), `data` and webgl
 * members are absent at run time, and nothing in trainspec uses them.
 */
function tfjs(): Tf {
  if (loaded) return loaded;
  const core = require('@tensorflow/tfjs-core') as Record<string, unknown>;
  const layers = require('@tensorflow/tfjs-layers') as Record<string, unknown>;
  const cpu = require('@tensorflow/tfjs-backend-cpu') as Record<string, unknown>; // registers the `cpu` backend
  installChainedOps(core); // the gradients come with tfjs-layers' bundle
  const tf: Record<string, unknown> = {
    version: {
      'tfjs-core': core.version_core,
      'tfjs-backend-cpu': cpu.version_cpu,
      'tfjs-layers': layers.version_layers,
      tfjs: core.version_core, // the packages ship together at one version (4.22.0)
    },
  };
  for (const mod of [core, layers, cpu]) {
    for (const k of Object.keys(mod)) if (k !== 'default' && !(k in tf)) tf[k] = mod[k];
  }
  loaded = tf as unknown as Tf;
  return loaded;
}

/** Loads an optional backend package by name (`require`); tests pass a stub through setBackendLoader. */
export type BackendLoader = (id: string) => unknown;
let loadOptional: BackendLoader = (id) => require(id);

/**
 * Replaces how the optional backend packages (tfjs-node, wasm) load, before the first loadTf:
 * tfjs-node cannot install everywhere (here its install downloads libtensorflow), so its
 * selection is tested with a stub that registers a `tensorflow` backend.
 */
export function setBackendLoader(loader: BackendLoader): void {
  loadOptional = loader;
  tfjsNodeTried = undefined;
}

async function tryTfjsNode(): Promise<boolean> {
  if (tfjsNodeTried !== undefined) return tfjsNodeTried;
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  try {
    loadOptional('@tensorflow/tfjs-node'); // loads the whole @tensorflow/tfjs as well, on the same tfjs-core
    tfjsNodeTried = true;
  } catch {
    tfjsNodeTried = false;
  }
  return tfjsNodeTried;
}

/** Whether tfjs-node's `tensorflow` backend can be used: the package loads, and TRAINSPEC_NO_TFJS_NODE is not 1. */
export async function tfjsNodeAvailable(): Promise<boolean> {
  return process.env.TRAINSPEC_NO_TFJS_NODE !== '1' && (await tryTfjsNode());
}

/** tfjs with the chosen backend active; returns the backend's name. */
export async function loadTf(choice: BackendChoice = 'auto'): Promise<{ tf: Tf; backend: string }> {
  const tf = tfjs();
  let name: string;
  if (choice === 'tensorflow' || choice === 'auto') {
    const ok = choice === 'tensorflow' ? await tryTfjsNode() : await tfjsNodeAvailable();
    if (!ok && choice === 'tensorflow') {
      throw new BackendError('backend "tensorflow" needs @tensorflow/tfjs-node, which is not installed here (its install downloads libtensorflow); use --backend cpu');
    }
    name = ok ? 'tensorflow' : 'cpu';
  } else if (choice === 'wasm') {
    loadOptional('@tensorflow/tfjs-backend-wasm');
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
  return tfjs().version.tfjs;
}
