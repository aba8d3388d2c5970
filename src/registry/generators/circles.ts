import { Type } from '@sinclair/typebox';
import { shuffleInPlace, uniform } from '../../data/rng.js';
import { generator, jitter, noiseParam, split, toRaw, type Row } from './common.js';

export const circles = generator({
  name: 'circles',
  aliases: ['make_circles'],
  doc: 'two concentric circles (sklearn make_circles): outer radius 1 is class 0, inner radius factor is class 1',
  task: 'classification',
  params: {
    noise: noiseParam(0.1),
    factor: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.5, description: 'inner radius / outer radius' }),
  },
  gen(rng, p, n) {
    const rows: Row[] = [];
    split(n, 2).forEach((count, cls) => {
      const r = cls === 0 ? 1 : p.factor;
      for (let i = 0; i < count; i++) {
        const t = uniform(rng, 0, 2 * Math.PI);
        rows.push({ x: jitter(rng, [r * Math.cos(t), r * Math.sin(t)], p.noise), y: cls });
      }
    });
    return toRaw(shuffleInPlace(rows, rng), ['0', '1'], 2);
  },
});
