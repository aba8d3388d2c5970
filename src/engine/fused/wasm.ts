/**
 * The dense kernels (kernels/dense.ts, AssemblyScript, compiled by
 * `npm run build` into dist/kernels/dense.wasm), instantiated over a memory
 * that the network's Float32Arrays view.
 *
 * Why WebAssembly: f32x4 SIMD and register-blocked products that a JS loop
 * cannot express, and code compiled before the first call (a cold JS loop
 * runs interpreted, boxing every number, for longer than the tutorial's whole
 * training).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ElementKernels } from '../../registry/fused/types.js';

/** The slice of the WebAssembly API used here (the project's TS libs do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  compile(bytes: Uint8Array): Promise<object>;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number }) => WasmMemory;
}
const WA = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** The dense products, and the element-wise kernels (kernels/activations.ts, kernels/adam.ts) of the same module. */
export interface DenseKernels extends ElementKernels {
  /** The memory the kernels address; the network's arrays are views on it. */
  memory: WasmMemory;
  /** Floats of scratch (packed panels) a product with N output columns and shared axis K needs. */
  scratchFloats(N: number, K: number): number;
  dense_forward(x: number, W: number, b: number, y: number, rows: number, I: number, U: number, scratch: number): void;
  dense_kernel_grad(x: number, dy: number, G: number, rows: number, I: number, U: number, scratch: number): void;
  dense_bias_grad(dy: number, G: number, rows: number, U: number): void;
  dense_input_grad(dy: number, W: number, dx: number, rows: number, I: number, U: number, scratch: number): void;
  /** A dense layer and its activation (`act`: the entry's fused.wasm.id) in one call each way. */
  dense_forward_act(x: number, W: number, b: number, y: number, rows: number, I: number, U: number, scratch: number, act: number, out: number): void;
  dense_backward_act(act: number, y: number, out: number, dOut: number, dy: number, x: number, W: number, G: number, gb: number, dx: number, rows: number, I: number, U: number, scratch: number): void;
}

/**
 * dist/kernels/dense.wasm beside this module's dist/ folder; from src/ (tests run the TypeScript
 * source) the repository's dist/, which the tests' global setup builds.
 */
const CANDIDATES = [new URL('../../kernels/dense.wasm', import.meta.url), new URL('../../../dist/kernels/dense.wasm', import.meta.url)];

let compiled: object | undefined;
let pending: Promise<void> | undefined;

function kernelBytes(): Uint8Array {
  const file = CANDIDATES.find((u) => existsSync(u));
  if (!file) throw new Error('the fused engine\'s kernels (dist/kernels/dense.wasm) are missing: run npm run build');
  return new Uint8Array(readFileSync(file));
}

function kernelModule(): object {
  if (compiled) return compiled;
  if (!WA) throw new Error('the fused engine needs WebAssembly, which this JavaScript runtime lacks');
  compiled = new WA.Module(kernelBytes());
  return compiled;
}

/**
 * Compiles the kernels on V8's background threads (WebAssembly.compile), started when this module
 * loads, so the first training finds them ready instead of compiling in its first step; a
 * failure here is left to kernelModule(), which compiles synchronously and throws with the cause.
 */
export function kernelsReady(): Promise<void> {
  if (compiled || !WA) return Promise.resolve();
  pending ??= Promise.resolve()
    .then(() => WA.compile(kernelBytes()))
    .then((m) => { compiled ??= m; }, () => undefined);
  return pending;
}
void kernelsReady();

/**
 * Instances (each with its memory) of finished networks, reused by the next ones: a process that
 * trains many runs (sweeps, watch) neither recompiles nor reserves new wasm memory each time.
 */
const pool: DenseKernels[] = [];
const POOL_MAX = 2;

/** Kernels over a memory of their own (reused from the pool); give them back with releaseKernels. */
export function denseKernels(): DenseKernels {
  const module = kernelModule();
  const reused = pool.pop();
  if (reused) return reused;
  const memory = new WA!.Memory({ initial: 1 });
  const exports = new WA!.Instance(module, { env: { memory } }).exports as unknown as Omit<DenseKernels, 'memory'>;
  return { memory, ...exports };
}

/** Grows the kernels' memory to at least `bytes` (views taken before a growth are detached). */
export function ensureMemory(k: DenseKernels, bytes: number): void {
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  const have = k.memory.buffer.byteLength / 65536;
  if (have < pages) k.memory.grow(pages - have);
}

/** Returns kernels to the pool; the network that used them must not run again. */
export function releaseKernels(k: DenseKernels): void {
  if (pool.length < POOL_MAX && !pool.includes(k)) pool.push(k);
}
