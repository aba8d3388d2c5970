/**
 * Shape rules of every layer type, as Keras computes them (channels last, no
 * batch axis): the output shape and the parameter count for an input shape,
 * or a problem naming the parameter at fault. Pure arithmetic on numbers, so
 * a model of 1e10 parameters is counted, never allocated.
 */

type P = Record<string, unknown>;
export type Shape = number[];

export type ShapeResult =
  | { ok: true; out: Shape; params: number }
  | { ok: false; message: string; param?: string; hint?: string };

export type ShapeRule = (input: Shape, p: P) => ShapeResult;

const show = (s: Shape) => `[${s.join(', ')}]`;
const prod = (s: Shape) => s.reduce((a, b) => a * b, 1);
const pairOf = (v: unknown, d: number): [number, number] =>
  Array.isArray(v) ? [v[0] as number, v[1] as number] : typeof v === 'number' ? [v, v] : [d, d];
const same = (input: Shape): ShapeResult => ({ ok: true, out: input, params: 0 });

/** The length of one axis after a window of `k` moving by `s` (Keras conv_output_length). */
function windowed(n: number, k: number, s: number, padding: string): number {
  return padding === 'valid' ? Math.floor((n - k) / s) + 1 : Math.ceil(n / s);
}

function needRank(type: string, input: Shape, rank: number, axes: string): ShapeResult | undefined {
  if (input.length === rank) return undefined;
  return {
    ok: false,
    message: `${type} needs an input of shape [${axes}], but its input is ${show(input)}`,
    hint: rank > 1 ? `reshape first (a reshape layer, or input_shape on the first layer), e.g. input_shape: [${input.length === 1 ? `${input[0]}, 1` : axes}]` : 'add a flatten layer before it',
  };
}

/** Sliding windows over `axes` leading axes; `what` names the window (kernel, pool). */
function slide(type: string, input: Shape, sizes: number[], strides: number[], padding: string, param: string): Shape | ShapeResult {
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

const conv = (rank: 1 | 2, axes: string): ShapeRule => (input, p) => {
  const type = `conv${rank}d`;
  const bad = needRank(type, input, rank + 1, axes);
  if (bad) return bad;
  const k = rank === 1 ? [p.kernel_size as number] : pairOf(p.kernel_size, 1);
  const s = rank === 1 ? [(p.strides as number | undefined) ?? 1] : pairOf(p.strides, 1);
  const r = slide(type, input, k, s, (p.padding as string | undefined) ?? 'valid', 'kernel_size');
  if (!Array.isArray(r)) return r;
  const filters = p.filters as number;
  r[rank] = filters;
  const channels = input[rank]!;
  return { ok: true, out: r, params: prod(k) * channels * filters + (p.use_bias === false ? 0 : filters) };
};

const pool = (rank: 1 | 2, axes: string): ShapeRule => (input, p) => {
  const type = `max_pooling${rank}d`;
  const bad = needRank(type, input, rank + 1, axes);
  if (bad) return bad;
  const k = rank === 1 ? [(p.pool_size as number | undefined) ?? 2] : pairOf(p.pool_size, 2);
  const s = p.strides === undefined ? k : rank === 1 ? [p.strides as number] : pairOf(p.strides, 1);
  const r = slide(type, input, k, s, (p.padding as string | undefined) ?? 'valid', 'pool_size');
  return Array.isArray(r) ? { ok: true, out: r, params: 0 } : r;
};

/** Weight blocks per unit: simple_rnn 1, gru 3, lstm 4. */
const recurrent = (type: string, gates: number): ShapeRule => (input, p) => {
  const bad = needRank(type, input, 2, 'steps, features');
  if (bad) return bad;
  const units = p.units as number;
  const bias = p.use_bias === false ? 0 : units;
  const params = gates * (input[1]! * units + units * units + bias);
  return { ok: true, out: p.return_sequences ? [input[0]!, units] : [units], params };
};

export const SHAPE_RULES: Readonly<Record<string, ShapeRule>> = {
  dense: (input, p) => {
    const units = p.units as number;
    const d = input[input.length - 1]!;
    return { ok: true, out: [...input.slice(0, -1), units], params: d * units + (p.use_bias === false ? 0 : units) };
  },
  activation: same,
  dropout: same,
  leaky_relu: same,
  batch_normalization: (input) => ({ ok: true, out: input, params: 4 * input[input.length - 1]! }),
  flatten: (input) =>
    input.length < 2
      ? { ok: false, message: `flatten needs an input with at least 2 axes, but its input is ${show(input)}`, hint: 'leave the flatten out: the input is already flat' }
      : { ok: true, out: [prod(input)], params: 0 },
  reshape: (input, p) => {
    const target = p.target_shape as number[];
    if (prod(target) === prod(input)) return { ok: true, out: [...target], params: 0 };
    return {
      ok: false, param: 'target_shape',
      message: `reshape to ${show(target)} (${prod(target)} values) cannot hold its input ${show(input)} (${prod(input)} values)`,
      hint: `the target's sizes must multiply to ${prod(input)}`,
    };
  },
  conv1d: conv(1, 'steps, channels'),
  conv2d: conv(2, 'rows, cols, channels'),
  max_pooling1d: pool(1, 'steps, channels'),
  max_pooling2d: pool(2, 'rows, cols, channels'),
  simple_rnn: recurrent('simple_rnn', 1),
  lstm: recurrent('lstm', 4),
  gru: recurrent('gru', 3),
  embedding: (input, p) => {
    const bad = needRank('embedding', input, 1, 'steps');
    if (bad) return bad;
    return { ok: true, out: [input[0]!, p.output_dim as number], params: (p.input_dim as number) * (p.output_dim as number) };
  },
};

export const shapeString = show;
export const shapeSize = prod;
