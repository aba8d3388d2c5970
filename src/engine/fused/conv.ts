/**
 * Convolution and max pooling for the fused engine, channels last like
 * tfjs: a row of a stage is an image [H, W, C] laid out row-major (a 1-D
 * layer's [steps, C] is an image of height 1), which is also what flatten
 * and reshape see, so those two need no op at all.
 *
 * A convolution is a dense product over patches (im2col): the patches of a
 * batch form a matrix [rows * OH * OW, KH * KW * C] whose columns follow
 * tfjs's kernel layout [KH, KW, C, F], so the kernel is used as it is
 * stored and the product runs in the SIMD GEMM of kernels/dense.ts. The
 * input gradient is the product's input gradient scattered back (col2im),
 * in a fixed order, so results are reproducible.
 *
 * Padding follows tfjs-core's getPadAndOutInfo: `same` puts the smaller
 * half of the padding before (top/left).
 * Max pooling ignores padded positions; its gradient goes to the first
 * maximum of a window (tfjs's maxPoolPositions: strictly greater wins).
 */
import { pairOf, windowed } from '../../registry/layers/shape.js';

export interface Geometry {
  H: number;
  W: number;
  C: number;
  KH: number;
  KW: number;
  SH: number;
  SW: number;
  /** Padding before the first row and column. */
  top: number;
  left: number;
  OH: number;
  OW: number;
}

/** An axis's output length (the shape rule validation used) and the padding before its first position. */
function outLength(n: number, k: number, s: number, padding: string): { out: number; before: number } {
  const out = windowed(n, k, s, padding);
  return { out, before: padding === 'valid' ? 0 : Math.floor(Math.max(0, (out - 1) * s + k - n) / 2) };
}

/**
 * The geometry of a window layer over `input` ([H, W, C] or [steps, C]): `size` and `strides` as
 * the layer's parameters give them (a number or a pair).
 */
export function geometry(input: number[], size: unknown, strides: unknown, padding: string, defaultSize: number): Geometry {
  const twoD = input.length === 3;
  const [H, W, C] = twoD ? input : [1, input[0]!, input[1]!];
  const [KH, KW] = twoD ? pairOf(size as number | number[] | undefined, defaultSize) : [1, (size as number | undefined) ?? defaultSize];
  const [SH, SW] = twoD ? pairOf((strides ?? [KH, KW]) as number | number[], 1) : [1, (strides as number | undefined) ?? KW];
  const h = outLength(H!, KH, SH, padding), w = outLength(W!, KW, SW, padding);
  return { H: H!, W: W!, C: C!, KH, KW, SH, SW, top: twoD ? h.before : 0, left: w.before, OH: twoD ? h.out : 1, OW: w.out };
}

/** Patch rows per image row. */
export const positions = (g: Geometry) => g.OH * g.OW;
/** Values per patch (the product's shared axis). */
export const patchSize = (g: Geometry) => g.KH * g.KW * g.C;

/** cols[rows * OH * OW, KH * KW * C] = the patches of x's first `rows` images (zeros where padded). */
export function im2col(g: Geometry, x: Float32Array, cols: Float32Array, rows: number): void {
  const { H, W, C, KH, KW, SH, SW, top, left, OH, OW } = g;
  const inW = H * W * C;
  let o = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * inW;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        for (let kh = 0; kh < KH; kh++) {
          const h = oh * SH + kh - top;
          for (let kw = 0; kw < KW; kw++) {
            const w = ow * SW + kw - left;
            if (h < 0 || h >= H || w < 0 || w >= W) {
              for (let c = 0; c < C; c++) cols[o++] = 0;
            } else {
              for (let c = 0, s = base + (h * W + w) * C; c < C; c++) cols[o++] = x[s + c]!;
            }
          }
        }
      }
    }
  }
}

/** dx = the patch gradients `cols` summed back onto the images they came from (im2col's transpose). */
export function col2im(g: Geometry, cols: Float32Array, dx: Float32Array, rows: number): void {
  const { H, W, C, KH, KW, SH, SW, top, left, OH, OW } = g;
  const inW = H * W * C;
  dx.fill(0, 0, rows * inW);
  let o = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * inW;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        for (let kh = 0; kh < KH; kh++) {
          const h = oh * SH + kh - top;
          for (let kw = 0; kw < KW; kw++) {
            const w = ow * SW + kw - left;
            if (h < 0 || h >= H || w < 0 || w >= W) {
              o += C;
              continue;
            }
            for (let c = 0, d = base + (h * W + w) * C; c < C; c++) dx[d + c] = dx[d + c]! + cols[o++]!;
          }
        }
      }
    }
  }
}

/** y = the window maxima of x's first `rows` images; arg[i] = where y[i] came from (index into the row). */
export function maxPoolForward(g: Geometry, x: Float32Array, y: Float32Array, arg: Int32Array, rows: number): void {
  const { H, W, C, KH, KW, SH, SW, top, left, OH, OW } = g;
  const inW = H * W * C;
  let o = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * inW;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        for (let c = 0; c < C; c++, o++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let kh = 0; kh < KH; kh++) {
            const h = oh * SH + kh - top;
            if (h < 0 || h >= H) continue;
            for (let kw = 0; kw < KW; kw++) {
              const w = ow * SW + kw - left;
              if (w < 0 || w >= W) continue;
              const i = (h * W + w) * C + c;
              const v = x[base + i]!;
              if (v > best || at < 0) {
                best = v;
                at = i;
              }
            }
          }
          y[o] = x[base + at]!;
          arg[o] = at;
        }
      }
    }
  }
}

/** dx = dy routed to the positions maxPoolForward recorded (zero elsewhere). */
export function maxPoolBackward(g: Geometry, dy: Float32Array, dx: Float32Array, arg: Int32Array, rows: number): void {
  const inW = g.H * g.W * g.C, outW = g.OH * g.OW * g.C;
  dx.fill(0, 0, rows * inW);
  for (let r = 0, o = 0; r < rows; r++) {
    const base = r * inW;
    for (let k = 0; k < outW; k++, o++) dx[base + arg[o]!] = dx[base + arg[o]!]! + dy[o]!;
  }
}
