import { Type } from '@sinclair/typebox';
import { normal, uniform } from '../../data/rng.js';
import { generator, toRaw, type Row } from './common.js';

export const linear = generator({
  name: 'linear',
  doc: 'regression: x ~ U[-1,1)^features, y = x·w + intercept + noise·N(0,1); w is fixed, not random',
  task: 'regression',
  params: {
    features: Type.Integer({ minimum: 1, default: 1, description: 'number of features' }),
    noise: Type.Number({ minimum: 0, default: 0.1, description: 'standard deviation of gaussian noise added to y' }),
    slope: Type.Number({ default: 2, description: 'weight of every feature (unless weights is given)' }),
    intercept: Type.Number({ default: 1, description: 'constant term b' }),
    weights: Type.Optional(
      Type.Array(Type.Number(), { minItems: 1, description: 'one weight per feature; overrides slope' }),
    ),
  },
  gen(rng, p, n) {
    const f = p.features, noise = p.noise, b = p.intercept;
    const w = p.weights ?? Array.from({ length: f }, () => p.slope);
    if (w.length !== f || !w.every(Number.isFinite)) {
      throw new Error(`generator linear: weights must be ${f} finite numbers (one per feature)`);
    }
    const rows = Array.from({ length: n }, (): Row => {
      const x = Array.from({ length: f }, () => uniform(rng, -1, 1));
      const y = x.reduce((acc, v, j) => acc + v * w[j]!, b);
      return { x, y: noise > 0 ? y + noise * normal(rng) : y };
    });
    return toRaw(rows, null, f);
  },
});
