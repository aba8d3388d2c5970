/**
 * The key settings of a run in a few words: the model as a chain of layers
 * (`4→dense 16 relu→dense 3 softmax`), the optimizer with its learning rate,
 * the loss and the epochs. Read from run.json's resolved experiment (what the
 * results were trained with) or, without one, the experiment file's.
 */
export interface Settings {
  model: string;
  optimizer: string;
  loss: string;
  /** fit.epochs: the epochs asked for (early stopping may run fewer). */
  epochs: number | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Layers shown at most; a longer stack ends in `…(+N)` so a cell stays a line. */
const MAX_LAYERS = 12;

/** A layer's size in one word: `3`, `3x3`, `8x8x1`. */
const size = (v: unknown): string => (Array.isArray(v) ? v.map(size).join('x') : typeof v === 'number' || typeof v === 'string' ? String(v) : '');
/** A 2-D layer's window given as one number is square: `3` reads `3x3`. */
const window = (type: string, v: unknown) => (type.endsWith('2d') && typeof v === 'number' ? `${v}x${v}` : size(v));

/** `dense 16 relu`, `conv2d 16 3x3 relu`, `max_pooling2d 2x2`, `dropout 0.2`, `reshape 8x8x1`, `flatten`. */
export function layerSummary(layer: unknown): string {
  if (!isObj(layer)) return '?';
  const type = String(layer.type ?? '?');
  const words = [type];
  const width = layer.units ?? layer.filters ?? layer.output_dim ?? layer.rate ?? layer.target_shape;
  if (width !== undefined) words.push(size(width));
  for (const w of [layer.kernel_size, layer.pool_size]) if (w !== undefined) words.push(window(type, w));
  if (typeof layer.activation === 'string' && layer.activation !== 'linear') words.push(layer.activation);
  else if (isObj(layer.activation) && typeof layer.activation.type === 'string') words.push(layer.activation.type);
  return words.filter((w) => w !== '').join(' ');
}

/** The model as `INPUTS→layer→layer`; INPUTS is left out when not known. */
export function modelSummary(model: unknown, inputs: number | null): string {
  if (!Array.isArray(model)) return '';
  const shown = model.slice(0, MAX_LAYERS).map(layerSummary);
  if (model.length > MAX_LAYERS) shown.push(`…(+${model.length - MAX_LAYERS})`);
  return [...(inputs === null ? [] : [String(inputs)]), ...shown].join('→');
}

const nameOf = (v: unknown): string => (typeof v === 'string' ? v : isObj(v) && typeof v.type === 'string' ? v.type : '');

/** `adam lr=0.001`; the learning rate is the setting people change most. */
function optimizerSummary(v: unknown): string {
  const name = nameOf(v);
  return isObj(v) && typeof v.learning_rate === 'number' ? `${name} lr=${v.learning_rate}` : name;
}

/** The inputs a generator draws (`data.features` as a count); a file's count comes from preprocessing.json. */
function generatorInputs(x: Obj): number | null {
  return isObj(x.data) && typeof x.data.features === 'number' ? x.data.features : null;
}

/** The settings of a resolved experiment (anything else gives empty settings). */
export function settingsOf(experiment: unknown, featureCount: number | null = null): Settings {
  if (!isObj(experiment)) return { model: '', optimizer: '', loss: '', epochs: null };
  const compile = isObj(experiment.compile) ? experiment.compile : {};
  const fit = isObj(experiment.fit) ? experiment.fit : {};
  return {
    model: modelSummary(experiment.model, featureCount ?? generatorInputs(experiment)),
    optimizer: optimizerSummary(compile.optimizer),
    loss: nameOf(compile.loss),
    epochs: typeof fit.epochs === 'number' ? fit.epochs : null,
  };
}
