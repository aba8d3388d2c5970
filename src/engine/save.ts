/**
 * The trained model in tfjs's layers format, in memory: model.json and
 * weights.bin, loadable with tf.loadLayersModel. (Plain tfjs has no file://
 * saver; this is the withSaveHandler route the tfjs notes describe.)
 */
import type * as TF from '@tensorflow/tfjs';
import { LEAKY_RELU_SLOPE, registerCustom } from '../registry/activations/index.js';
import type { Tf } from '../registry/entry.js';

export interface SavedModel {
  modelJson: string;
  weights: Uint8Array;
}

interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

/** Layers whose activation is applied to their output alone, so it can be split off. */
const SPLITTABLE = new Set(['Dense', 'Conv1D', 'Conv2D']);

/**
 * model.json in stock tfjs layers: an activation tfjs lacks (`leaky_relu`) is
 * written as a standard LeakyReLU layer, so `tf.loadLayersModel` loads the model
 * with nothing registered. `Dense(activation: leaky_relu)` becomes a linear Dense
 * followed by `LeakyReLU(alpha)` (no weights, the same op, the same outputs); an
 * `activation: leaky_relu` layer becomes that LeakyReLU layer. (Recurrent layers
 * apply it inside the recurrence and keep the name: loading those needs trainspec.)
 */
export function standardTopology(topology: unknown): unknown {
  const t = topology as { config?: { layers?: LayerJson[] } } | null;
  const list = t?.config?.layers;
  if (!Array.isArray(list)) return topology;
  const out: LayerJson[] = [];
  for (const l of list) {
    if (l.config.activation !== 'leaky_relu' || !(SPLITTABLE.has(l.class_name) || l.class_name === 'Activation')) {
      out.push(l);
      continue;
    }
    const { activation: _unused, ...rest } = l.config;
    const leaky = (name: unknown): LayerJson => ({
      class_name: 'LeakyReLU',
      config: { alpha: LEAKY_RELU_SLOPE, dtype: rest.dtype ?? 'float32', name, trainable: rest.trainable ?? true },
    });
    if (l.class_name === 'Activation') out.push({ class_name: 'LeakyReLU', config: { ...leaky(rest.name).config, ...(rest.batch_input_shape ? { batch_input_shape: rest.batch_input_shape } : {}) } });
    else out.push({ ...l, config: { ...l.config, activation: 'linear' } }, leaky(`${String(l.config.name)}_leaky_relu`));
  }
  return { ...t, config: { ...t!.config, layers: out } };
}

export async function saveArtifacts(tf: Tf, model: TF.LayersModel): Promise<SavedModel> {
  let saved: SavedModel | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const data = a.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(a.weightData);
      const json = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        modelTopology: standardTopology(a.modelTopology),
        weightsManifest: [{ paths: ['./weights.bin'], weights: a.weightSpecs ?? [] }],
      };
      saved = { modelJson: `${JSON.stringify(json, null, 1)}\n`, weights: new Uint8Array(data) };
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

/** Loads a model saved by saveArtifacts from its two files' contents. */
export async function loadArtifacts(tf: Tf, modelJson: string, weights: Uint8Array): Promise<TF.LayersModel> {
  registerCustom(tf); // activations tfjs lacks (leaky_relu), which a saved model may name
  const json = JSON.parse(modelJson) as TF.io.ModelJSON;
  const buf = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return tf.loadLayersModel({
    load: async () => tf.io.getModelArtifactsForJSON(json, async (m) => [m.flatMap((g) => g.weights), buf]),
  });
}
