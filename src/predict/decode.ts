/** Turns the network's output rows into predictions, by the label encoding it was trained with (as its accuracy metric does). */
import type { LabelKind } from '../data/types.js';

export interface Prediction {
  /** The class name, or the predicted value for regression. */
  prediction: string | number;
  /** One probability per class in class order (softmax/sigmoid outputs); absent for sign labels and regression. */
  probabilities?: number[];
}

/** First index of the largest value (tf.argMax's tie rule). */
function argmax(row: readonly number[]): number {
  let best = 0;
  for (let j = 1; j < row.length; j++) if (row[j]! > row[best]!) best = j;
  return best;
}

export function decodeOutputs(outputs: number[][], labels: LabelKind, classes: string[] | null): Prediction[] {
  return outputs.map((row) => {
    if (labels === 'value' || !classes) return { prediction: row[0]! };
    if (labels === 'onehot' || labels === 'index') return { prediction: classes[argmax(row)]!, probabilities: [...row] };
    const v = row[0]!;
    if (labels === 'binary') return { prediction: classes[v > 0.5 ? 1 : 0]!, probabilities: [1 - v, v] };
    return { prediction: classes[v > 0 ? 1 : 0]! };
  });
}
