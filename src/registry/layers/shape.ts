/**
 * The pieces of the layers' shape rules, as Keras computes them (channels last, no batch axis):
 * pure arithmetic on numbers, so a model of 1e10 parameters is counted, never allocated.
 */
export type Shape = number[];

export type ShapeResult =
  | { ok: true; out: Shape; params: number }
  | { ok: false; message: string; param?: string; hint?: string };

export const shapeString = (s: Shape) => `[${s.join(', ')}]`;
export const shapeSize = (s: Shape) => s.reduce((a, b) => a * b, 1);
export const pairOf = (v: number | number[] | undefined, d: number): [number, number] =>
  Array.isArray(v) ? [v[0]!, v[1]!] : typeof v === 'number' ? [v, v] : [d, d];
/** The rule of layers that keep their input's shape and have no weights. */
export const sameShape = (input: Shape): ShapeResult => ({ ok: true, out: input, params: 0 });

/** The length of one axis after a window of `k` moving by `s` (Keras conv_output_length). */
export function windowed(n: number, k: number, s: number, padding: string): number {
  return padding === 'valid' ? Math.floor((n - k) / s) + 1 : Math.ceil(n / s);
}

/** A problem when `input` does not have `rank` axes (named `axes`), else undefined. */
export function needRank(type: string, input: Shape, rank: number, axes: string): ShapeResult | undefined {
  if (input.length === rank) return undefined;
  return {
    ok: false,
    message: `${type} needs an input of shape [${axes}], but its input is ${shapeString(input)}`,
    hint: rank > 1 ? `reshape first (a reshape layer, or input_shape on the first layer), e.g. input_shape: [${input.length === 1 ? `${input[0]}, 1` : axes}]` : 'add a flatten layer before it',
  };
}

/** Sliding windows over the leading axes; `param` names the window (kernel_size, pool_size). */
export function slide(type: string, input: Shape, sizes: number[], strides: number[], padding: string, param: string): Shape | ShapeResult {
  const out = [...input];
  for (let a = 0; a < sizes.length; a++) {
    if (padding === 'valid' && sizes[a]! > input[a]!) {
      return {
        ok: false, param,
        message: `${type} ${param} ${sizes.join('x')} is larger than its input ${input.slice(0, sizes.length).join('x')} (padding: valid)`,
        hint: 'use a smaller window or padding: same',
      };
    }
    out[a] = windowed(input[a]!, sizes[a]!, strides[a]!, padding);
  }
  return out;
}

/** conv1d/conv2d: windows of kernel_size, `filters` output channels. */
export function convShape(rank: 1 | 2, axes: string, input: Shape, p: { kernel_size: number | number[]; strides: number | number[]; padding: string; filters: number; use_bias: boolean }): ShapeResult {
  const type = `conv${rank}d`;
  const bad = needRank(type, input, rank + 1, axes);
  if (bad) return bad;
  const k = rank === 1 ? [pairOf(p.kernel_size, 1)[0]] : pairOf(p.kernel_size, 1);
  const s = rank === 1 ? [pairOf(p.strides, 1)[0]] : pairOf(p.strides, 1);
  const r = slide(type, input, k, s, p.padding, 'kernel_size');
  if (!Array.isArray(r)) return r;
  r[rank] = p.filters;
  return { ok: true, out: r, params: shapeSize(k) * input[rank]! * p.filters + (p.use_bias === false ? 0 : p.filters) };
}

/** max_pooling1d/2d: windows of pool_size moving by strides (default: pool_size). */
export function poolShape(rank: 1 | 2, axes: string, input: Shape, p: { pool_size: number | number[]; strides?: number | number[]; padding: string }): ShapeResult {
  const type = `max_pooling${rank}d`;
  const bad = needRank(type, input, rank + 1, axes);
  if (bad) return bad;
  const k = rank === 1 ? [pairOf(p.pool_size, 2)[0]] : pairOf(p.pool_size, 2);
  const s = p.strides === undefined ? k : rank === 1 ? [pairOf(p.strides, 1)[0]] : pairOf(p.strides, 1);
  const r = slide(type, input, k, s, p.padding, 'pool_size');
  return Array.isArray(r) ? { ok: true, out: r, params: 0 } : r;
}
