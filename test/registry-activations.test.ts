/**
 * Every activation entry through the same checks: it builds and trains in a hidden layer (and
 * model.json names it as Keras does), its tfjs function computes the Keras formula its entry
 * states, and its fused form gives tfjs's value and autodiff gradient.
 */
import type * as TF from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { activations } from '../src/registry/activations/index.js';
import { layers } from '../src/registry/layers/index.js';
import { maxRelScaled, values } from './fused-helpers.js';
import { expectTrains, experiment, SIGN_OUT, useTf } from './registry-helpers.js';

const tfOf = useTf();
const REL = 1e-5;
/**
 * tanh's fused form is the float32 rational tanh PyTorch's CPU kernels use (registry/fused/math.ts),
 * up to 7 float32 ulps from tfjs's Math.tanh; its gradient 1 - y² magnifies a difference in y by
 * 2y/(1 - y²) (~30 at |x| = 3.5), so the gradient agrees to 2e-4 there, the value to 1e-6.
 */
const GRADIENT_REL: Record<string, number> = { tanh: 2e-4 };
const cases = activations.entries.map((e) => [e.name, e] as const);

describe('activations', () => {
  it.each(cases)('%s builds and trains in a hidden layer', async (name, e) => {
    const s = await expectTrains(experiment({ model: [{ type: 'dense', units: 4, activation: name }, SIGN_OUT], loss: 'hinge' }));
    const layersJson = JSON.parse(s.modelJson).modelTopology.config.layers;
    // model.json names it as Keras does (tfjs writes Python-style names).
    if (e.savedAs) {
      // Written as stock tfjs layers (tfjs lacks the activation): a linear Dense, then the stated layer.
      expect(layersJson[0].config.activation).toBe(e.savedAs.activation);
      expect(layersJson[1]).toMatchObject(e.savedAs.nextLayer);
    } else expect(layersJson[0].config.activation).toBe(name);
  });

  it('leaky_relu is saved as a linear Dense and a LeakyReLU layer with alpha 0.2', () => {
    expect(activations.get('leaky_relu')!.savedAs).toEqual({ activation: 'linear', nextLayer: { class_name: 'LeakyReLU', config: { alpha: 0.2 } } });
  });

  it.each(cases)('%s computes the Keras formula', (name, e) => {
    const tf = tfOf();
    expect(e.reference, `no reference formula for activation ${name}`).toBeDefined();
    // a row that crosses zero
    const row = [-3, -1, -0.2, 0, 0.2, 1, 3];
    const layer = layers.get('activation')!.build(tf, { activation: name }, [row.length]);
    const input = tf.tensor2d([row]);
    const out = layer.apply(input) as TF.Tensor;
    const got = Array.from(out.dataSync());
    tf.dispose([input, out]);
    const want = e.reference(row);
    got.forEach((v, i) => expect(Math.abs(v - want[i]!), `${name}(${row[i]}) = ${v}, want ${want[i]}`).toBeLessThan(1e-5));
  });
});

describe('activations: fused value and gradient = tfjs', () => {
  // Values around the kinks (0, ±2.5 for hard_sigmoid) and out to the tails.
  const ROWS = 6, W = 4;
  const x = values(ROWS * W, 11, -4, 4);
  x[0] = 0; x[1] = 2.5; x[2] = -2.5; x[3] = 1e-3;
  const dy = values(ROWS * W, 12, -1, 1);
  it.each(cases)('%s', (_name, e) => {
    const tf = tfOf();
    expect(e.fused, `${e.name} has no fused form`).toBeDefined();
    const layer = tf.layers.activation({ activation: e.build(tf, {}) as never });
    const [yT, gT] = tf.tidy(() => {
      const xt = tf.tensor2d(x, [ROWS, W]);
      const dyt = tf.tensor2d(dy, [ROWS, W]);
      const y = layer.apply(xt) as TF.Tensor;
      const g = tf.grad((t: TF.Tensor) => tf.sum(tf.mul(layer.apply(t) as TF.Tensor, dyt)))(xt);
      return [y.dataSync().slice(), g.dataSync().slice()];
    });
    const xs = Float32Array.from(x), y = new Float32Array(x.length), dx = new Float32Array(x.length);
    e.fused.forward(xs, y, x.length, W);
    e.fused.backward(xs, y, Float32Array.from(dy), dx, x.length, W);
    expect(maxRelScaled(y, yT), 'value').toBeLessThanOrEqual(REL);
    expect(maxRelScaled(dx, gT), 'gradient').toBeLessThanOrEqual(GRADIENT_REL[e.name] ?? REL);
  });
});
