/**
 * The shapes of the fused engine's building blocks. Each registry entry that
 * the fused engine can run carries one of these next to its tfjs builder
 * (`fused` on activations, losses, optimizers and metrics), so the two
 * definitions sit side by side and test/fused-parity.test.ts checks every
 * entry against tfjs.
 *
 * Everything works on Float32Array storage (float32 like tfjs) with float64
 * arithmetic in between: values are rounded to float32 wherever they are
 * stored, which is where tfjs rounds too, give or take an op. This module is
 * types only; importing it loads nothing.
 */

/**
 * An activation over `n` values laid out as rows of width `w` (n is a
 * multiple of w). Element-wise activations ignore `w`; softmax works per row.
 */
export interface FusedActivation {
  /** y = f(x). `x` and `y` never alias. */
  forward(x: Float32Array, y: Float32Array, n: number, w: number): void;
  /**
   * dx = dL/dx from dy = dL/dy, given the forward pass's input `x` and
   * output `y` — the gradient tfjs's autodiff computes for the same ops
   * (including its choices at kinks: relu'(0) = 0, |x|'(0) = -1, ...).
   */
  backward(x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array, n: number, w: number): void;
  /**
   * The same two functions through the WebAssembly kernels, bit for bit (test/fused-elementwise.test.ts),
   * for arrays that lie in the kernels' memory; the engine takes these where present.
   */
  wasm?: {
    /** Its number in the dense kernels' fused layer calls (kernels/dense.ts dense_forward_act: 1 tanh, 2 relu). */
    id: number;
    forward(k: ElementKernels, x: Float32Array, y: Float32Array, n: number): void;
    backward(k: ElementKernels, x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array, n: number): void;
  };
}

/**
 * The element-wise WebAssembly kernels (kernels/activations.ts, kernels/adam.ts) the fused forms
 * may call. Every array argument is a byte offset into the kernels' memory: the `byteOffset` of a
 * Float32Array view on it.
 */
export interface ElementKernels {
  tanh_forward(x: number, y: number, n: number): void;
  tanh_backward(y: number, dy: number, dx: number, n: number): void;
  relu_forward(x: number, y: number, n: number): void;
  relu_backward(x: number, dy: number, dx: number, n: number): void;
  adam_step(w: number, g: number, m: number, v: number, vh: number, n: number, b1: number, ob1: number, b2: number, ob2: number, c: number, eps: number): void;
  /** kernels/losses.ts: hinge's sum and gradient (`grad` 0: none; `k` = scale / w), and accuracy's hits. */
  hinge_loss(y: number, p: number, grad: number, rows: number, w: number, k: number): number;
  sign_hits(y: number, p: number, n: number): number;
  binary_hits(y: number, p: number, n: number): number;
}

/**
 * A loss over `rows` samples: `y` holds the labels (`yw` per row: the output
 * width, or 1 for class indexes), `p` the predictions (`w` per row).
 * Returns the SUM of the per-sample losses (each already reduced over the
 * row as the tfjs builder does). When `grad` is given, writes
 * `scale * d(loss_r)/d(p_r)` into it for every row (scale = 1/rows for the
 * batch mean).
 */
export type FusedLossFn = (
  y: Float32Array, yw: number, p: Float32Array, w: number, rows: number,
  grad: Float32Array | null, scale: number,
) => number;

/** Builds the loss from its parameters (defaults filled in, as `build` gets them). */
export type FusedLoss = (params: Record<string, unknown>) => FusedLossFn;

/**
 * A loss's kernel form (on the entry as `fusedWasm`, beside `fused`): a FusedLossFn that returns
 * and writes what `fused` does, bit for bit (test/fused-loss-kernels.test.ts), for `y`, `p` and
 * `grad` that lie in the memory of the kernels `k`.
 */
export type WasmLoss = (params: Record<string, unknown>, k: ElementKernels) => FusedLossFn;

/** One optimizer instance over a flat parameter vector; state lives inside. */
export interface FusedOptimizer {
  /** One update of all parameters `w` (in place) from their gradient `g`. */
  step(w: Float32Array, g: Float32Array): void;
}

export interface FusedOptimizerContext {
  /** The tfjs backend's epsilon (1e-7 for float32), which some tfjs optimizers use. */
  backendEpsilon: number;
  /**
   * Where the engine keeps the weights and gradients in WebAssembly memory: the kernels, and
   * zeroed state arrays of the parameters' size on the same memory (as many as the entry's
   * `fusedSlots` asked for), so an update can run there without copies. Absent: plain arrays.
   */
  wasm?: { kernels: ElementKernels; state: Float32Array[] };
}

/**
 * What a layer type is to the fused engine; a layer type without one runs on tfjs only.
 * dense (also over the last axis of a rank > 1 input); conv: a dense product over im2col patches
 * (conv1d/conv2d); pool: max pooling; reshape: no op (flatten and reshape keep the row-major layout).
 */
export type FusedLayerKind = 'dense' | 'activation' | 'dropout' | 'conv' | 'pool' | 'reshape';
