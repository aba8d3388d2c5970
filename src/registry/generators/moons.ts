import { shuffleInPlace, uniform } from '../../data/rng.js';
import { generator, jitter, noiseParam, split, toRaw, type Row } from './common.js';

export const moons = generator({
  name: 'moons',
  aliases: ['make_moons'],
  doc: 'two interleaving half circles (sklearn make_moons): upper moon class 0, lower moon class 1',
  task: 'classification',
  params: { noise: noiseParam(0.1) },
  gen(rng, p, n) {
    const rows: Row[] = [];
    split(n, 2).forEach((count, cls) => {
      for (let i = 0; i < count; i++) {
        const t = uniform(rng, 0, Math.PI);
        const x = cls === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
        rows.push({ x: jitter(rng, x, p.noise), y: cls });
      }
    });
    return toRaw(shuffleInPlace(rows, rng), ['0', '1'], 2);
  },
});
