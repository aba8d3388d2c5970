import { uniform } from '../../data/rng.js';
import { generator, jitter, noiseParam, toRaw, type Row } from './common.js';

export const xor = generator({
  name: 'xor',
  doc: 'x ~ U[-1,1)^2; class 1 when x0*x1 > 0 (same-sign quadrants), then noise is added',
  task: 'classification',
  params: { noise: noiseParam(0.1) },
  gen(rng, p, n) {
    const rows = Array.from({ length: n }, (): Row => {
      const x = [uniform(rng, -1, 1), uniform(rng, -1, 1)];
      return { x: jitter(rng, x, p.noise), y: x[0]! * x[1]! > 0 ? 1 : 0 };
    });
    return toRaw(rows, ['0', '1'], 2);
  },
});
