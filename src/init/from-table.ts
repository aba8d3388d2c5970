/**
 * A first experiment for a data file (`trainspec init --data FILE --target COL`):
 * the features from the header, the task from the target column, a small dense
 * network whose output matches the labels, and comments that say why.
 */
import { parseNumber, sortClassNames, type Table } from '../data/table.js';

export interface InitChoice {
  name: string;
  /** The data file and its test file (when one sits beside it), relative to the experiment. */
  dataPath: string;
  testPath?: string;
  target: string;
  schemaPath: string;
}

type Task = { kind: 'regression' } | { kind: 'binary' | 'multiclass'; classes: string[] };

/** Regression when the target is numeric with many distinct or fractional values; else classes. */
export function taskOf(values: string[]): Task {
  const classes = sortClassNames(values);
  const nums = values.map(parseNumber);
  const numeric = nums.every((v) => v !== undefined);
  if (numeric && (classes.length > 20 || nums.some((v) => !Number.isInteger(v)))) return { kind: 'regression' };
  return { kind: classes.length === 2 ? 'binary' : 'multiclass', classes };
}

/** Population standard deviation of a numeric column. */
function spread(col: number[]): number {
  const mean = col.reduce((a, b) => a + b, 0) / col.length;
  return Math.sqrt(col.reduce((a, v) => a + (v - mean) ** 2, 0) / col.length);
}

/** The experiment's YAML text, or an error message naming the problem. */
export function experimentText(table: Table, c: InitChoice): string {
  if (!table.columns.includes(c.target)) throw new Error(`target column ${JSON.stringify(c.target)} not found (columns: ${table.columns.slice(0, 12).join(', ')})`);
  const others = table.columns.filter((col) => col !== c.target);
  const numeric = others.filter((col) => table.rows.every((r) => parseNumber(r[col] ?? '') !== undefined));
  const skipped = others.filter((col) => !numeric.includes(col));
  if (numeric.length === 0) throw new Error('no numeric feature columns besides the target');
  const task = taskOf(table.rows.map((r) => r[c.target]!));
  const spreads = numeric.map((col) => spread(table.rows.map((r) => parseNumber(r[col]!)!))).filter((s) => s > 0);
  const differ = spreads.length > 0 && Math.max(...spreads) / Math.min(...spreads) > 10;
  const units = Math.min(64, Math.max(16, 2 * numeric.length));
  const out = task.kind === 'regression'
    ? { labels: 'value', units: 1, activation: 'linear', loss: 'mean_squared_error', metrics: '[mean_absolute_error]' }
    : task.kind === 'binary'
      ? { labels: 'binary', units: 1, activation: 'sigmoid', loss: 'binary_crossentropy', metrics: '[accuracy]' }
      : { labels: 'onehot', units: task.classes.length, activation: 'softmax', loss: 'categorical_crossentropy', metrics: '[accuracy]' };
  const classNote = task.kind === 'regression' ? 'a number: regression' : `${task.classes.length} classes: ${task.classes.slice(0, 10).join(', ')}${task.classes.length > 10 ? ', ...' : ''}`;
  const lines = [
    `# yaml-language-server: $schema=${c.schemaPath}`,
    `# Written by trainspec init from ${c.dataPath} (${table.rows.length} rows, ${numeric.length} feature columns).`,
    '# Edit freely: trainspec validate checks it, trainspec run trains it.',
    `name: ${c.name}`,
    `description: ${c.target} from ${numeric.length} columns; Dense(${units}, relu) -> Dense(${out.units}, ${out.activation})`,
    'seed: 1',
    'data:',
    `  path: ${JSON.stringify(c.dataPath)}`,
    `  target: ${JSON.stringify(c.target)}${' '.repeat(Math.max(1, 20 - c.target.length))}# ${classNote}`,
    ...(skipped.length ? [`  features: [${numeric.map((f) => JSON.stringify(f)).join(', ')}]   # not numeric, left out: ${skipped.join(', ')}`] : []),
    `  labels: ${out.labels}`,
    differ
      ? '  normalize: standard         # the columns\' scales differ: mean/std of the training rows'
      : '  normalize: none             # the columns share one scale',
    ...(c.testPath ? ['test:', `  path: ${JSON.stringify(c.testPath)}     # held-out rows: same columns`] : []),
    'model:',
    '  - type: dense',
    `    units: ${units}`,
    '    activation: relu',
    '  - type: dense',
    `    units: ${out.units}`,
    `    activation: ${out.activation}${' '.repeat(Math.max(1, 20 - out.activation.length))}# matches labels: ${out.labels}`,
    'compile:',
    '  optimizer:',
    '    type: adam',
    '    learning_rate: 0.01',
    `  loss: ${out.loss}`,
    `  metrics: ${out.metrics}`,
    'fit:',
    '  epochs: 100',
    `  batch_size: ${table.rows.length > 1000 ? 64 : 16}`,
    '  validation_split: 0.2        # the last 20% of the rows validate',
    '  shuffle: true',
    '  early_stopping: {monitor: val_loss, patience: 10, restore_best_weights: true}',
  ];
  return `${lines.join('\n')}\n`;
}
