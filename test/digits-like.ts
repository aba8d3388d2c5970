/**
 * The digits-shaped conv net of the fused-engine tests (8x8x1 -> conv2d 16 3x3 relu -> max_pooling2d 2 -> flatten
 * -> dense softmax, adam, batch 32) on a synthetic image set: fused-conv.test.ts checks its reproducibility and engine
 * choice, fused-end-to-end.test.ts (slow tier) its accuracy on both engines.
 */
import { memoryHost } from '../src/load/host.js';
import { hasErrors } from '../src/load/issues.js';
import { loadExperiment } from '../src/load/load.js';
import { values, type Loaded } from './fused-helpers.js';

/**
 * 8x8 grey images of 4 classes (a horizontal or vertical bar, a diagonal, a blob) at random
 * places, with noise: small enough to train in a test, hard enough that a conv net must learn.
 */
function imageCsv(rows: number, seed: number): string {
  const noise = values(rows * 64, seed, 0, 6);
  const place = values(rows * 2, seed + 1, 0, 1);
  const lines = [[...Array.from({ length: 64 }, (_, i) => `p${i}`), 'label'].join(',')];
  for (let r = 0; r < rows; r++) {
    const cls = r % 4;
    const a = Math.floor(place[2 * r]! * 6), b = Math.floor(place[2 * r + 1]! * 6);
    const px = Array.from({ length: 64 }, (_, i) => noise[r * 64 + i]!);
    for (let k = 0; k < 3; k++) {
      const [h, w] = cls === 0 ? [a, b + k] : cls === 1 ? [a + k, b] : cls === 2 ? [a + k, b + k] : [a + (k >> 1), b + (k & 1)];
      px[h * 8 + w] = 16;
    }
    lines.push([...px.map((v) => Math.round(v)), `c${cls}`].join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function digitsLike(epochs = 10, trainRows = 320, testRows = 120): Loaded {
  const abs = '/virtual/cnn.yaml';
  const text = `name: cnn
seed: 11
data: {path: train.csv, target: label, labels: onehot, normalize: minmax}
test: {path: test.csv}
model:
  - {type: conv2d, filters: 16, kernel_size: 3, activation: relu, input_shape: [8, 8, 1]}
  - {type: max_pooling2d, pool_size: 2}
  - {type: flatten}
  - {type: dense, units: 4, activation: softmax}
compile: {optimizer: {type: adam, learning_rate: 0.01}, loss: categorical_crossentropy, metrics: [accuracy]}
fit: {epochs: ${epochs}, batch_size: 32, validation_split: 0.1}
`;
  const host = memoryHost({ [abs]: text, '/virtual/train.csv': imageCsv(trainRows, 21), '/virtual/test.csv': imageCsv(testRows, 77) });
  const result = loadExperiment(abs, { host, cwd: '/virtual' });
  if (!result.experiment || hasErrors(result.issues)) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return { x: result.experiment, source: { yamlFile: result.abs, dataFiles: result.dataFiles }, result };
}
