/**
 * The trained model in tfjs's layers format, in memory: model.json and
 * weights.bin, loadable with tf.loadLayersModel. (Plain tfjs has no file://
 * saver; this is the withSaveHandler route the tfjs notes describe.)
 */
import type * as TF from '@tensorflow/tfjs';
import { registerCustom } from '../registry/activations.js';
import type { Tf } from '../registry/entry.js';

export interface SavedModel {
  modelJson: string;
  weights: Uint8Array;
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
        modelTopology: a.modelTopology,
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
