/**
 * The dense kernels of wasm-asm.ts (dense_forward, dense_kernel_grad,
 * dense_bias_grad, dense_input_grad), instantiated over a memory that the
 * network's Float32Arrays view. The module's bytes are wasm-asm.ts's output,
 * stored here so a run does not assemble them; the parity tests check that
 * they agree.
 */
import { Buffer } from 'node:buffer';

/** assembleKernels() of wasm-asm.ts, base64. */
export const KERNELS_WASM =
  'AGFzbQEAAAABJQRgCH9/f39/f39/AGAGf39/f39/AGAEf39/fwBgBn9/f39/fwACDwEDZW52Bm1lbW9yeQIAAQMFBAABAgMHSgQNZGVuc2VfZm9yd2FyZAAAEWRlbnNlX2tlcm5lbF9ncmFkAAEPZGVuc2VfYmlhc19ncmFkAAIQZGVuc2VfaW5wdXRfZ3JhZAADCrQGBP4BAgV/A3xBACEIAkADQCAIIARIRQ0BQQAhCQJAA0AgCSAGSEUNAUQAAAAAAAAAACEOQQAhCwJAA0AgCyAFSEUNASALQTBqIAUgC0EwaiAFSBshDEQAAAAAAAAAACENIAshCgJAA0AgCiAMSEUNASANIAAgCCAFbCAKakECdGoqAgC7IAEgCiAGbCAJakECdGoqAgC7oqAhDSAKQQFqIQoMAAsLIA4gDaC2uyEOIAtBMGohCwwACwsgAiAJQQJ0aioCALtEAAAAAAAAAAAgBxshDyADIAggBmwgCWpBAnRqIA4gD6C2OAIAIAlBAWohCQwACwsgCEEBaiEIDAALCwvhAQIFfwJ8QQAhBgJAA0AgBiAESEUNAUEAIQcCQANAIAcgBUhFDQFEAAAAAAAAAAAhDEEAIQkCQANAIAkgA0hFDQEgCUEwaiADIAlBMGogA0gbIQpEAAAAAAAAAAAhCyAJIQgCQANAIAggCkhFDQEgCyAAIAggBGwgBmpBAnRqKgIAuyABIAggBWwgB2pBAnRqKgIAu6KgIQsgCEEBaiEIDAALCyAMIAugtrshDCAJQTBqIQkMAAsLIAIgBiAFbCAHakECdGogDLY4AgAgB0EBaiEHDAALCyAGQQFqIQYMAAsLC2wCAn8BfEEAIQQCQANAIAQgA0hFDQFEAAAAAAAAAAAhBkEAIQUCQANAIAUgAkhFDQEgBiAAIAUgA2wgBGpBAnRqKgIAu6AhBiAFQQFqIQUMAAsLIAEgBEECdGogBrY4AgAgBEEBaiEEDAALCwvhAQIFfwJ8QQAhBgJAA0AgBiADSEUNAUEAIQcCQANAIAcgBEhFDQFEAAAAAAAAAAAhDEEAIQkCQANAIAkgBUhFDQEgCUEwaiAFIAlBMGogBUgbIQpEAAAAAAAAAAAhCyAJIQgCQANAIAggCkhFDQEgCyAAIAYgBWwgCGpBAnRqKgIAuyABIAcgBWwgCGpBAnRqKgIAu6KgIQsgCEEBaiEIDAALCyAMIAugtrshDCAJQTBqIQkMAAsLIAIgBiAEbCAHakECdGogDLY4AgAgB0EBaiEHDAALCyAGQQFqIQYMAAsLCw==';

/** The slice of the WebAssembly API used here (the project's TS libs do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number }) => WasmMemory;
}
const WA = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

export interface DenseKernels {
  /** The memory the kernels address; the network's arrays are views on it. */
  memory: WasmMemory;
  dense_forward(x: number, W: number, b: number, y: number, rows: number, I: number, U: number, hasBias: number): void;
  dense_kernel_grad(x: number, dy: number, G: number, rows: number, I: number, U: number): void;
  dense_bias_grad(dy: number, G: number, rows: number, U: number): void;
  dense_input_grad(dy: number, W: number, dx: number, rows: number, I: number, U: number): void;
}

let compiled: object | null | undefined;
/**
 * Instances (each with its memory) of finished networks, reused by the next ones: a process that
 * trains many runs (sweeps, watch) neither recompiles nor reserves new wasm memory each time.
 */
const pool: DenseKernels[] = [];
const POOL_MAX = 2;

/**
 * Kernels over a memory of at least `bytes` (reused from the pool, grown if need be); null
 * where WebAssembly is unavailable. Give them back with releaseKernels when the network is done.
 */
export function denseKernels(bytes: number): DenseKernels | null {
  if (compiled === undefined) {
    try {
      compiled = WA ? new WA.Module(new Uint8Array(Buffer.from(KERNELS_WASM, 'base64'))) : null;
    } catch {
      compiled = null;
    }
  }
  if (!compiled || !WA) return null;
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  const reused = pool.pop();
  if (reused) {
    const have = reused.memory.buffer.byteLength / 65536;
    if (have < pages) reused.memory.grow(pages - have);
    return reused;
  }
  const memory = new WA.Memory({ initial: pages });
  const exports = new WA.Instance(compiled, { env: { memory } }).exports as unknown as Omit<DenseKernels, 'memory'>;
  return { memory, ...exports };
}

/** Returns kernels to the pool; the network that used them must not run again. */
export function releaseKernels(k: DenseKernels): void {
  if (pool.length < POOL_MAX && !pool.includes(k)) pool.push(k);
}
