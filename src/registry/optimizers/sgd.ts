import { Type } from '@sinclair/typebox';
import type { FusedOptimizerFactory } from '../fused/types.js';
import { decay, decayedRate, f32, keras2, lr, num, type OptimizerEntry } from './common.js';

/** Keras 2's velocity form: the learning rate is inside v, so a decaying rate decays v's new part only. */
const fused: FusedOptimizerFactory = (p, size) => {
  const rate = decayedRate(p);
  const mu = f32(num(p, 'momentum'));
  if (!(mu > 0)) {
    return {
      step(w, g) {
        const c = f32(-rate());
        for (let i = 0; i < size; i++) w[i] = f32(c * g[i]!) + w[i]!;
      },
    };
  }
  const nesterov = p.nesterov === true;
  const vel = new Float32Array(size);
  return {
    step(w, g) {
      const c = f32(rate());
      for (let i = 0; i < size; i++) {
        const lg = f32(g[i]! * c);
        const v = (vel[i] = f32(f32(vel[i]! * mu) - lg));
        w[i] = w[i]! + (nesterov ? f32(f32(v * mu) - lg) : v);
      }
    },
  };
};

export const sgd: OptimizerEntry = {
  name: 'sgd',
  doc: 'stochastic gradient descent, optionally with (Nesterov) momentum',
  params: {
    learning_rate: lr(0.01),
    momentum: Type.Number({ minimum: 0, default: 0, description: 'velocity decay' }),
    nesterov: Type.Boolean({ default: false, description: 'Nesterov momentum' }),
    decay: decay(),
  },
  rule: 'v = momentum·v − lr·g; w += v (nesterov: w += momentum·v − lr·g)',
  elsewhere: 'same rule and defaults in tf.keras 2.x and Keras 3 (Keras 3 has no `decay`: it takes schedules)',
  build: (_tf, p) => keras2('Keras2SGD', p),
  fused,
};
