/**
 * What a Keras user gets wrong and a schema cannot see: shapes that do not
 * meet, losses that cannot work with the labels or the output activation,
 * metrics without meaning for the labels, impossible splits.
 */
import { activations } from '../registry/activations/index.js';
import { layers } from '../registry/layers/index.js';
import { losses } from '../registry/losses/index.js';
import { metrics } from '../registry/metrics/index.js';
import { LIMITS } from './bounds.js';
import { issue, type Issue, type IssueCode, type PathSeg } from './issues.js';
import { outputOf, type DataFacts, type ResolvedExperiment } from './resolve.js';
import type { Locator } from './schema-check.js';

const LABEL_WORDS: Record<string, string> = {
  sign: 'sign (±1)', binary: 'binary (0/1)', onehot: 'onehot', index: 'index', value: 'value (regression)',
};

type Add = (code: IssueCode, path: PathSeg[], message: string, hint?: string, prefer?: 'key' | 'value') => void;

/** Input width: only the first layer sets it, and it must match the data's features. */
function checkInput(x: ResolvedExperiment, facts: DataFacts, add: Add): void {
  x.model.forEach((l, i) => {
    const e = layers.get(l.type)!;
    const dim = e.takesInputDim ? (l.input_dim as number | undefined) : undefined;
    if (i > 0 && (dim !== undefined || l.input_shape !== undefined)) {
      add('input-not-first', ['model', i, dim !== undefined ? 'input_dim' : 'input_shape'], `layer ${i} sets its input shape, which only the first layer can; it is ignored`, undefined, 'key');
    }
  });
  const first = x.model[0]!;
  if (layers.get(first.type)!.takesInputDim && typeof first.input_dim === 'number' && first.input_dim !== facts.features) {
    add('input-dim-mismatch', ['model', 0, 'input_dim'], `input_dim is ${first.input_dim} but the data has ${facts.features} features`, `set input_dim: ${facts.features} or leave it out`);
  }
  const shape = first.input_shape as number[] | undefined;
  if (Array.isArray(shape) && shape.reduce((a, b) => a * b, 1) !== facts.features) {
    add('input-dim-mismatch', ['model', 0, 'input_shape'], `input_shape [${shape.join(', ')}] holds ${shape.reduce((a, b) => a * b, 1)} values but the data has ${facts.features} features`, `set input_shape: [${facts.features}] or leave it out`);
  }
}

/** Labels against the data: classes for class labels, two of them for sign and binary. */
function checkLabels(x: ResolvedExperiment, facts: DataFacts, add: Add): void {
  const labels = x.data.labels;
  const nClasses = facts.classes?.length ?? 0;
  if (facts.classes === null && labels !== 'value') {
    add('labels-classes', ['data', 'labels'], `labels: ${labels} needs classes, but the data is a regression target`, 'use labels: value');
  } else if (facts.classes !== null && (labels === 'sign' || labels === 'binary') && nClasses !== 2) {
    add('labels-classes', ['data', 'labels'], `labels: ${labels} needs 2 classes; the data has ${nClasses}`, 'use labels: onehot or index');
  }
}

/** The output layer's width against the labels, the loss against the labels and the output activation. */
function checkOutputAndLoss(x: ResolvedExperiment, facts: DataFacts, add: Add): void {
  const labels = x.data.labels;
  const nClasses = facts.classes?.length ?? 0;
  const o = outputOf(x.model);
  // index labels are one column, but the output (sparse categorical) has one unit per class
  const want = labels === 'onehot' || labels === 'index' ? nClasses : 1;
  if (o.units !== undefined && o.units !== want && !(facts.classes === null && labels !== 'value')) {
    add('output-units-mismatch', ['model', o.index, 'units'], `the output layer has ${o.units} units but ${LABEL_WORDS[labels]} labels need ${want}`, `set units: ${want}`);
  }

  const loss = losses.get(x.compile.loss.type)!;
  if (!loss.labels.includes(labels)) {
    const need = loss.labels.map((k) => LABEL_WORDS[k]).join(' or ');
    add('loss-labels', ['compile', 'loss'], `${loss.name} needs ${need} labels, but the labels are ${LABEL_WORDS[labels]}`, `set data.labels: ${loss.labels[0]}`);
  }
  if (o.activation) {
    const range = activations.get(o.activation)!.range;
    const actPath: PathSeg[] = ['model', o.activationIndex, 'activation'];
    if (loss.badRanges?.error?.includes(range)) {
      add('loss-activation', actPath, `${loss.name} cannot work with a ${o.activation} output (${rangeWords(range)})`, suggestActivation(loss.name));
    } else if (loss.badRanges?.warning?.includes(range)) {
      add('loss-activation-doubtful', actPath, `${loss.name} with a ${o.activation} output (${rangeWords(range)}) rarely learns well`, suggestActivation(loss.name));
    }
  }
}

/** Metrics that have meaning for the labels. */
function checkMetrics(x: ResolvedExperiment, add: Add): void {
  const labels = x.data.labels;
  x.compile.metrics.forEach((m, i) => {
    const e = metrics.get(m)!;
    if (!e.labels.includes(labels)) add('metric-labels', ['compile', 'metrics', i], `metric ${m} has no meaning for ${LABEL_WORDS[labels]} labels`);
  });
}

/** validation_split leaves training rows; batch_size against them. */
function checkSplit(x: ResolvedExperiment, trainRows: number, add: Add): void {
  const vs = x.fit.validation_split;
  if (!(vs >= 0 && vs < 1)) {
    add('validation-split-range', ['fit', 'validation_split'], `validation_split must be in [0, 1), got ${vs}`);
  } else if (trainRows > 0 && Math.floor(trainRows * (1 - vs)) < 1) {
    add('validation-split-range', ['fit', 'validation_split'], `validation_split ${vs} leaves no training rows out of ${trainRows}`);
  } else if (x.fit.batch_size > Math.floor(trainRows * (1 - vs)) && x.fit.batch_size <= LIMITS.batchOverRows * Math.floor(trainRows * (1 - vs))) {
    // (more than LIMITS.batchOverRows times the rows is an error: bounds.ts)
    add('batch-size-large', ['fit', 'batch_size'], `batch_size ${x.fit.batch_size} exceeds the ${Math.floor(trainRows * (1 - vs))} training rows: one step per epoch`);
  }
}

/** early_stopping watches a metric the experiment computes (val_ ones need a validation split). */
function checkEarlyStopping(x: ResolvedExperiment, add: Add): void {
  const vs = x.fit.validation_split;
  const es = x.fit.early_stopping;
  if (es) {
    const base = ['loss', ...x.compile.metrics];
    const allowed = [...base, ...base.map((m) => `val_${m}`)];
    const m = metrics.get(es.monitor.replace(/^val_/, ''));
    const monitor = es.monitor.startsWith('val_') ? `val_${m?.name ?? ''}` : m?.name ?? es.monitor;
    if (!allowed.includes(monitor) && !allowed.includes(es.monitor)) {
      add('early-stopping-monitor', ['fit', 'early_stopping', 'monitor'], `early_stopping watches "${es.monitor}", which this experiment does not compute`, `one of: ${allowed.join(', ')}`);
    } else if (es.monitor.startsWith('val_') && !(vs > 0)) {
      add('early-stopping-monitor', ['fit', 'early_stopping', 'monitor'], `early_stopping watches "${es.monitor}" but validation_split is 0`, 'set fit.validation_split or monitor: loss');
    }
  }
}

export function checkSemantics(x: ResolvedExperiment, facts: DataFacts, locateAt: Locator, trainRows: number): Issue[] {
  const out: Issue[] = [];
  const add: Add = (code, path, message, hint, prefer = 'value') =>
    out.push(issue(code, { ...locateAt(path, prefer), path: path.join('.') }, message, hint));
  checkInput(x, facts, add);
  checkLabels(x, facts, add);
  checkOutputAndLoss(x, facts, add);
  checkMetrics(x, add);
  checkSplit(x, trainRows, add);
  checkEarlyStopping(x, add);
  return out;
}

const rangeWords = (r: string) =>
  ({ sign: 'range -1..1', unit: 'range 0..1', simplex: 'probabilities summing to 1', positive: 'range 0..∞', unbounded: 'unbounded' })[r] ?? r;

function suggestActivation(loss: string): string | undefined {
  if (loss.includes('hinge')) return 'use activation: tanh (or linear) with labels: sign';
  if (loss === 'binary_crossentropy') return 'use activation: sigmoid with labels: binary';
  if (loss.startsWith('categorical') || loss.startsWith('sparse') || loss === 'kl_divergence') return 'use activation: softmax';
  return undefined;
}
