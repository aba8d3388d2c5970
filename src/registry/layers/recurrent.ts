/** What simple_rnn, lstm and gru share: parameters, tfjs options, and the shape rule. */
import { Type, type Static, type TProperties } from '@sinclair/typebox';
import type { Tf } from '../entry.js';
import { common, type Named } from './common.js';
import { activation, initializer, tfActivation, weightOptions, weightParams } from './params.js';
import { needRank, type Shape, type ShapeResult } from './shape.js';

export const rnnParams = <E extends TProperties>(extra: E) => ({
  units: Type.Integer({ minimum: 1, description: 'output width' }),
  activation: activation('tanh'),
  return_sequences: Type.Boolean({ default: false, description: 'return the whole sequence' }),
  ...weightParams(),
  recurrent_initializer: initializer('orthogonal'),
  ...extra,
});
type Rnn = Static<ReturnType<typeof Type.Object<ReturnType<typeof rnnParams<{}>>>>>;

export const rnnOptions = (tf: Tf, p: Rnn & Named, inputShape?: number[]) => ({
  units: p.units,
  activation: tfActivation(tf, p.activation),
  returnSequences: p.return_sequences,
  ...weightOptions(tf, p),
  ...common(p, inputShape),
});

/** Weight blocks per unit: simple_rnn 1, gru 3, lstm 4. */
export function recurrentShape(type: string, gates: number, input: Shape, p: Rnn): ShapeResult {
  const bad = needRank(type, input, 2, 'steps, features');
  if (bad) return bad;
  const units = p.units;
  const bias = p.use_bias === false ? 0 : units;
  const params = gates * (input[1]! * units + units * units + bias);
  return { ok: true, out: p.return_sequences ? [input[0]!, units] : [units], params };
}
