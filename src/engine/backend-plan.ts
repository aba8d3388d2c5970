/**
 * Which tfjs backend a run uses (issue 12), beside engineChoice (fused/plan.ts). A pure function
 * of the resolved experiment, the data's width, the engine and whether tfjs-node loads: the same
 * experiment always gets the same backend, so its results stay bit-for-bit reproducible (cpu and
 * wasm differ in the last bits; each is reproducible on its own). Loads no tfjs.
 *
 * The rule of `--backend auto`, measured on a 2-vCPU AMD EPYC (BENCHMARKS.md, "tfjs backend
 * under --backend auto"):
 * 1. tfjs-node's `tensorflow` backend where the package loads (native TensorFlow);
 * 2. `cpu` when the fused engine trains: tfjs then only builds, evaluates and saves the model;
 * 3. `cpu` when a layer is not in WASM_SAFE: tfjs-backend-wasm 4.22 lacks the gradient kernels
 *    of conv1d/conv2d (Conv2DBackpropFilter) and embedding (UnsortedSegmentSum), so training
 *    them there throws;
 * 4. `wasm` when one training batch costs at least WASM_MIN_MULADDS multiply-adds (forward pass,
 *    batch_size rows): XNNPACK's SIMD products then outweigh the extra cost per op of calling into
 *    WebAssembly; below that both backends are dominated by tfjs's per-op bookkeeping (paired
 *    cpu/wasm time ratios 0.72–1.58 for 3.6k–23k multiply-adds, the tutorial's 4.5k among them:
 *    no steady gain), from 56k on wasm was faster in 13 of 14 pairs (1.2–4.3x, one 0.87);
 * 5. `cpu` otherwise.
 */
import type { ResolvedExperiment } from '../load/resolve.js';
import { layers } from '../registry/layers/index.js';
import { shapeSize } from '../registry/layers/shape.js';
import { inputShapeOf } from './model.js';
import type { EngineName } from './fused/plan.js';
import { BackendError, type BackendChoice } from './tf.js';

export type BackendName = 'tensorflow' | 'cpu' | 'wasm';

/** Layer types whose training (forward and every gradient kernel) was run on wasm: test/engine-backend-wasm.test.ts. */
export const WASM_SAFE: ReadonlySet<string> = new Set([
  'dense', 'activation', 'dropout', 'batch_normalization', 'flatten', 'reshape', 'leaky_relu',
  'max_pooling1d', 'max_pooling2d', 'simple_rnn', 'lstm', 'gru',
]);

/** Why a layer type cannot train on wasm (the kernel tfjs-backend-wasm 4.22 lacks). */
const WASM_MISSING: Readonly<Record<string, string>> = {
  conv1d: 'Conv2DBackpropFilter', conv2d: 'Conv2DBackpropFilter', embedding: 'UnsortedSegmentSum',
};

/** Multiply-adds per training batch from which wasm beats cpu (between the measured 23k and 56k). */
export const WASM_MIN_MULADDS = 50_000;

const RECURRENT = new Set(['simple_rnn', 'lstm', 'gru']);

/**
 * Multiply-adds of one forward pass over one row: each weighted layer's parameters times the
 * places they are applied (positions of a dense over a rank > 1 input or of a convolution's
 * output; a recurrent layer's time steps). Bias terms are counted too: an estimate, not a count.
 */
export function mulAddsPerRow(x: ResolvedExperiment, features: number): number {
  let shape = inputShapeOf(x.model[0]!, features);
  let total = 0;
  for (const spec of x.model) {
    const e = layers.get(spec.type);
    if (!e) return 0;
    const r = e.shape(shape, spec);
    if (!r.ok) return 0;
    const places = RECURRENT.has(e.name) ? shape[0]! : shapeSize(r.out) / r.out[r.out.length - 1]!;
    total += r.params * places;
    shape = r.out;
  }
  return total;
}

/** The first layer type that cannot train on wasm, or null. */
function wasmUnsafe(x: ResolvedExperiment): string | null {
  return x.model.find((l) => !WASM_SAFE.has(l.type))?.type ?? null;
}

function missingKernel(type: string): string {
  return WASM_MISSING[type] ? `tfjs-backend-wasm has no ${WASM_MISSING[type]} kernel for ${type}'s gradient` : `${type} is not among the layers tested on wasm`;
}

/**
 * The backend for a choice and why, in a few words (`--json` prints it as `backend_reason`).
 * `tfjsNode`: whether @tensorflow/tfjs-node loads (tf.ts tfjsNodeAvailable). `--backend wasm` for
 * a model the tfjs engine must train with a layer wasm cannot train is a BackendError.
 */
export function backendChoice(
  x: ResolvedExperiment, features: number, engine: EngineName, choice: BackendChoice, tfjsNode: boolean,
): { backend: BackendName; reason: string } {
  if (choice !== 'auto') {
    const unsafe = choice === 'wasm' && engine === 'tfjs' ? wasmUnsafe(x) : null;
    if (unsafe) throw new BackendError(`--backend wasm cannot train ${x.name}: ${missingKernel(unsafe)}; use --backend cpu or auto`);
    return { backend: choice, reason: `--backend ${choice}` };
  }
  if (tfjsNode) return { backend: 'tensorflow', reason: 'auto: @tensorflow/tfjs-node is installed' };
  if (engine === 'fused') return { backend: 'cpu', reason: 'auto: the fused engine trains; tfjs only builds, evaluates and saves the model' };
  const unsafe = wasmUnsafe(x);
  if (unsafe) return { backend: 'cpu', reason: `auto: ${missingKernel(unsafe)}` };
  const work = mulAddsPerRow(x, features) * x.fit.batch_size;
  if (work < WASM_MIN_MULADDS) return { backend: 'cpu', reason: `auto: ${work} multiply-adds per batch, below wasm's break-even (${WASM_MIN_MULADDS})` };
  return { backend: 'wasm', reason: `auto: ${work} multiply-adds per batch, at or above wasm's break-even (${WASM_MIN_MULADDS})` };
}
