/**
 * Optimizers, by their Keras names and with Keras's parameter names and
 * defaults (Keras 2, the tutorial's era; see the README for the table).
 */
import { Type, type TProperties } from '@sinclair/typebox';
import type * as TF from '@tensorflow/tfjs';
import { makeRegistry, type Entry } from './entry.js';

export type OptimizerEntry = Entry<TProperties, Promise<TF.Optimizer>>;

const lr = (d: number) =>
  Type.Number({ exclusiveMinimum: 0, default: d, description: 'step size' });
const unit = (d: number, description: string) =>
  Type.Number({ minimum: 0, exclusiveMaximum: 1, default: d, description });
const eps = () => Type.Number({ exclusiveMinimum: 0, default: 1e-7, description: 'numerical stability term' });

type P = Record<string, unknown>;
const num = (p: P, k: string) => p[k] as number;

export const optimizers = makeRegistry<OptimizerEntry>('optimizer', [
  {
    name: 'sgd',
    doc: 'stochastic gradient descent, optionally with (Nesterov) momentum',
    params: {
      learning_rate: lr(0.01),
      momentum: Type.Number({ minimum: 0, default: 0, description: 'velocity decay' }),
      nesterov: Type.Boolean({ default: false, description: 'Nesterov momentum' }),
    },
    build: async (tf, p) =>
      num(p, 'momentum') > 0
        ? tf.train.momentum(num(p, 'learning_rate'), num(p, 'momentum'), p.nesterov as boolean)
        : tf.train.sgd(num(p, 'learning_rate')),
  },
  {
    name: 'rmsprop',
    doc: 'divides the gradient by a running average of its magnitude',
    params: {
      learning_rate: lr(0.001),
      rho: unit(0.9, 'decay of the squared-gradient average'),
      momentum: Type.Number({ minimum: 0, default: 0, description: 'momentum' }),
      epsilon: eps(),
      centered: Type.Boolean({ default: false, description: 'normalise by the gradient variance' }),
    },
    build: async (tf, p) =>
      tf.train.rmsprop(num(p, 'learning_rate'), num(p, 'rho'), num(p, 'momentum'), num(p, 'epsilon'), p.centered as boolean),
  },
  {
    name: 'adagrad',
    doc: 'per-parameter rates scaled by accumulated squared gradients',
    params: {
      learning_rate: lr(0.01),
      initial_accumulator_value: Type.Number({ exclusiveMinimum: 0, default: 0.1, description: 'starting accumulator' }),
    },
    build: async (tf, p) => tf.train.adagrad(num(p, 'learning_rate'), num(p, 'initial_accumulator_value')),
  },
  {
    name: 'adadelta',
    doc: 'adagrad with a decaying window; learning_rate 1.0 as in Keras 2',
    params: { learning_rate: lr(1.0), rho: unit(0.95, 'decay rate'), epsilon: eps() },
    build: async (tf, p) => tf.train.adadelta(num(p, 'learning_rate'), num(p, 'rho'), num(p, 'epsilon')),
  },
  {
    name: 'adam',
    doc: 'adaptive moment estimation (Kingma & Ba 2014)',
    params: {
      learning_rate: lr(0.001),
      beta_1: unit(0.9, 'first-moment decay'),
      beta_2: unit(0.999, 'second-moment decay'),
      epsilon: eps(),
    },
    build: async (tf, p) =>
      tf.train.adam(num(p, 'learning_rate'), num(p, 'beta_1'), num(p, 'beta_2'), num(p, 'epsilon')),
  },
  {
    name: 'adamax',
    doc: 'adam with the infinity norm',
    params: {
      learning_rate: lr(0.002),
      beta_1: unit(0.9, 'first-moment decay'),
      beta_2: unit(0.999, 'infinity-norm decay'),
      epsilon: eps(),
    },
    build: async (tf, p) =>
      tf.train.adamax(num(p, 'learning_rate'), num(p, 'beta_1'), num(p, 'beta_2'), num(p, 'epsilon'), 0),
  },
  {
    name: 'nadam',
    doc: 'adam with Nesterov momentum (Keras rule; tfjs has none, trainspec implements it)',
    params: {
      learning_rate: lr(0.002),
      beta_1: unit(0.9, 'first-moment decay'),
      beta_2: unit(0.999, 'second-moment decay'),
      epsilon: eps(),
    },
    build: async (_tf, p) => {
      const { Nadam } = await import('../engine/nadam.js');
      return new Nadam(num(p, 'learning_rate'), num(p, 'beta_1'), num(p, 'beta_2'), num(p, 'epsilon'));
    },
  },
]);
