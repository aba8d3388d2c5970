/**
 * Every loss entry through the same checks: it builds and trains with the output its entry
 * names, its tfjs function computes the Keras per-sample formula its entry states, and its
 * fused form gives tfjs's per-sample values and autodiff gradient.
 */
import type { TProperties } from '@sinclair/typebox';
import type * as TF from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaults } from '../src/registry/entry.js';
import { losses } from '../src/registry/losses/index.js';
import { maxRel, maxRelScaled, values } from './fused-helpers.js';
import { expectTrains, experiment, lossSetup, useTf } from './registry-helpers.js';

const tfOf = useTf();
const REL = 1e-5;
const cases = losses.entries.map((e) => [e.name, e] as const);

describe('losses', () => {
  it.each(cases)('%s builds and trains', async (name, e) => {
    const s = await expectTrains(experiment({ ...lossSetup(e), loss: name }));
    expect(s.loss).toBeGreaterThan(name === 'cosine_similarity' ? -1.0001 : 0);
  });

  // Keras's per-sample formulas in float64, on one batch of two rows.
  it.each(cases)('%s computes the Keras formula per sample', (name, e) => {
    const tf = tfOf();
    const c = e.reference;
    expect(c, `no reference case for loss ${name}`).toBeDefined();
    const fn = e.build(tf, defaults(e.params as TProperties, {}));
    const y = tf.tensor2d(c.y);
    const p = tf.tensor2d(c.p);
    const out = fn(y, p);
    expect(out.shape).toEqual([2]);
    const got = Array.from(out.dataSync());
    tf.dispose([y, p, out]);
    got.forEach((v, r) => {
      const want = c.ref(c.y[r]!, c.p[r]!);
      expect(Math.abs(v - want), `row ${r}: ${v} vs ${want}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want)));
    });
  });
});

describe('cosine_similarity', () => {
  it('has a finite gradient at a zero prediction row (Keras l2_normalize, not a norm)', () => {
    const tf = tfOf();
    const fn = losses.get('cosine_similarity')!.build(tf, {});
    const y = tf.tensor2d([[0, 1], [1, 0]]);
    const p = tf.tensor2d([[0, 0], [0.1, 0.5]]);
    const g = tf.grad((q: TF.Tensor) => tf.mean(fn(y, q)))(p);
    const values = Array.from(g.dataSync());
    tf.dispose([y, p, g]);
    expect(values.every(Number.isFinite), `gradient ${values}`).toBe(true);
  });
});

const ROWS = 7;
/** Labels and predictions in each loss's domain, with a few exact ties (p = y, margin 0). */
function sample(name: string, kind: string): { y: number[]; p: number[]; w: number; yw: number } {
  const w = kind === 'onehot' || kind === 'index' ? 3 : 2;
  const u = values(ROWS * w, name.length * 31 + 7, 0, 1);
  const v = values(ROWS * w, name.length * 17 + 3, 0, 1);
  if (kind === 'sign') {
    const y = u.map((t) => (t > 0.5 ? 1 : -1));
    const p = v.map((t) => 2.4 * t - 1.2);
    p[0] = y[0]!; // hinge margin exactly 0
    return { y, p, w, yw: w };
  }
  if (kind === 'binary') return { y: u.map((t) => (t > 0.5 ? 1 : 0)), p: v.map((t) => 0.02 + 0.96 * t), w, yw: w };
  if (kind === 'onehot' || kind === 'index') {
    const cls = Array.from({ length: ROWS }, (_, r) => Math.floor(u[r]! * w) % w);
    const p: number[] = [];
    for (let r = 0; r < ROWS; r++) {
      const row = [v[r * w]! + 0.1, v[r * w + 1]! + 0.1, v[r * w + 2]! + 0.1];
      const s = row[0]! + row[1]! + row[2]!;
      p.push(...row.map((t) => t / s));
    }
    if (kind === 'index') return { y: cls, p, w, yw: 1 };
    return { y: cls.flatMap((c) => [0, 1, 2].map((j) => (j === c ? 1 : 0))), p, w, yw: w };
  }
  // regression: positive predictions (poisson, msle want them), one exact hit
  const y = u.map((t) => 3 * t - 0.5);
  const p = v.map((t) => 0.05 + 2.5 * t);
  p[1] = y[1]! > 0 ? y[1]! : p[1]!;
  return { y, p, w, yw: w };
}

describe('losses: fused per-sample values and gradient = tfjs', () => {
  it.each(cases)('%s', (_name, e) => {
    const tf = tfOf();
    expect(e.fused, `${e.name} has no fused form`).toBeDefined();
    const kind = e.name === 'cosine_similarity' ? 'onehot' : e.labels[0]!;
    const { y, p, w, yw } = sample(e.name, kind);
    const params = defaults(e.params as TProperties, {});
    const fn = e.build(tf, params);
    const [lossT, gT] = tf.tidy(() => {
      const yt = tf.tensor2d(y, [ROWS, yw]);
      const pt = tf.tensor2d(p, [ROWS, w]);
      const mean = (q: TF.Tensor) => tf.mean(fn(yt, q)) as TF.Scalar;
      return [mean(pt).dataSync()[0]!, tf.grad(mean)(pt).dataSync().slice()];
    });
    const grad = new Float32Array(ROWS * w);
    const sum = e.fused(params)(Float32Array.from(y), yw, Float32Array.from(p), w, ROWS, grad, 1 / ROWS);
    expect(maxRel([sum / ROWS], [lossT], 1e-6), 'loss').toBeLessThanOrEqual(REL);
    expect(maxRelScaled(grad, gT), 'gradient').toBeLessThanOrEqual(REL);
    // without a gradient buffer, the same value
    expect(e.fused(params)(Float32Array.from(y), yw, Float32Array.from(p), w, ROWS, null, 0)).toBe(sum);
  });
});
