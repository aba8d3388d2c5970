/** Experiments shared by the watch tests (watch-watcher: the core in this process; watch: the long-running process). */

/** The tutorial-shaped job on 60 generated rows, `epochs` long, with `extra` YAML appended. */
export const exp = (epochs: number, extra = ''): string => `data: {generator: uniform_sum, samples: 60}
model:
  - {type: dense, units: 4, activation: tanh}
  - {type: dense, units: 1, activation: tanh}
compile: {optimizer: adam, loss: hinge, metrics: [accuracy]}
fit: {epochs: ${epochs}, batch_size: 16}
${extra}`;

/** A job reading data/shared.csv (several experiments read it: an edit to it reruns them all). */
export const csvExp = (epochs: number): string => `data: {path: data/shared.csv, target: y, labels: binary}
model:
  - {type: dense, units: 1, activation: sigmoid}
compile: {optimizer: adam, loss: binary_crossentropy}
fit: {epochs: ${epochs}}
`;
