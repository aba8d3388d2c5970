import { Type } from '@sinclair/typebox';
import { generator, toRaw, type Row } from './common.js';

export const uniformSum = generator({
  name: 'uniform_sum',
  doc: 'x ~ U[0,1)^features; class 1 when sum(x) > threshold, else 0',
  task: 'classification',
  params: {
    features: Type.Integer({ minimum: 1, default: 5, description: 'number of features' }),
    threshold: Type.Optional(Type.Number({ description: 'class boundary on sum(x); defaults to features / 2' })),
  },
  gen(rng, p, n) {
    const f = p.features;
    const threshold = p.threshold ?? f / 2;
    const rows = Array.from({ length: n }, (): Row => {
      const x = Array.from({ length: f }, () => rng());
      return { x, y: x.reduce((a, b) => a + b, 0) > threshold ? 1 : 0 };
    });
    return toRaw(rows, ['0', '1'], f);
  },
});
