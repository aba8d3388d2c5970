/**
 * The fused network's regularizers, element by element in JS: weight
 * penalties (value and gradient, as tfjs's l1/l2 regularizers compute them)
 * and dropout.
 *
 * Dropout follows tf.dropout exactly: per call, one draw from the run's
 * generator seeds an alea stream (`Math.random().toString()`, which is what
 * tfjs does while train.ts has Math.random swapped for the generator), one
 * uniform per element, keep = floor(u + keepProb), scaled by 1/keepProb.
 */
import seedrandom from 'seedrandom';
import type { Rng } from '../../data/types.js';
import { absGradSign, f32 } from '../../registry/fused/math.js';

export interface Penalty {
  l1: number;
  l2: number;
}

/** The penalty a regularizer spec stands for, as layer-params.ts's tfRegularizer builds it. */
export function penalty(r: unknown): Penalty | null {
  if (r === undefined || r === null) return null;
  const p = r === 'l1' ? { l1: 0.01, l2: 0 } : r === 'l2' ? { l1: 0, l2: 0.01 } : r === 'l1_l2' ? { l1: 0.01, l2: 0.01 }
    : { l1: (r as Penalty).l1 ?? 0, l2: (r as Penalty).l2 ?? 0 };
  return p.l1 === 0 && p.l2 === 0 ? null : { l1: f32(p.l1), l2: f32(p.l2) };
}

/** y = x * mask with a fresh mask (kept in `mask` for the backward pass). */
export function dropoutForward(keep: number, scale: number, mask: Float32Array, x: Float32Array, y: Float32Array, n: number, rng: Rng): void {
  const random = seedrandom.alea(rng().toString());
  for (let i = 0; i < n; i++) {
    const k = Math.floor(f32(f32(random()) + keep)) > 0 ? scale : 0;
    mask[i] = k;
    y[i] = x[i]! * k;
  }
}

export function penaltyValue(P: Float32Array, at: number, n: number, p: Penalty): number {
  let a = 0, b = 0;
  for (let i = at; i < at + n; i++) {
    const w = P[i]!;
    a += f32(p.l1 * Math.abs(w));
    b += f32(p.l2 * f32(w * w));
  }
  return (p.l1 !== 0 ? f32(a) : 0) + (p.l2 !== 0 ? f32(b) : 0);
}

/** d(l1 |w| + l2 w^2)/dw with tfjs's |w|' = -1 at 0. */
export function penaltyGrad(P: Float32Array, G: Float32Array, at: number, n: number, p: Penalty): void {
  const { l1, l2 } = p;
  for (let i = at; i < at + n; i++) {
    const w = P[i]!;
    G[i] = G[i]! + (l1 !== 0 ? l1 * absGradSign(w) : 0) + (l2 !== 0 ? f32(2 * f32(l2 * w)) : 0);
  }
}
