import { Type } from '@sinclair/typebox';
import { shuffleInPlace } from '../../data/rng.js';
import { classNames, generator, jitter, noiseParam, split, toRaw, type Row } from './common.js';

export const spirals = generator({
  name: 'spirals',
  aliases: ['spiral'],
  doc: 'interleaved spiral arms from the origin to radius 1, one arm per class',
  task: 'classification',
  params: {
    noise: noiseParam(0.1),
    classes: Type.Integer({ minimum: 2, default: 2, description: 'number of arms (classes)' }),
    turns: Type.Number({ exclusiveMinimum: 0, default: 1.5, description: 'full turns each arm makes' }),
  },
  gen(rng, p, n) {
    const k = p.classes;
    const rows: Row[] = [];
    split(n, k).forEach((count, cls) => {
      for (let i = 0; i < count; i++) {
        const r = rng();
        const t = 2 * Math.PI * (p.turns * r + cls / k);
        rows.push({ x: jitter(rng, [r * Math.cos(t), r * Math.sin(t)], p.noise), y: cls });
      }
    });
    return toRaw(shuffleInPlace(rows, rng), classNames(k), 2);
  },
});
