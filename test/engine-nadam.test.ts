import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  KERAS2_SCHEDULE_DECAY,
  KERAS3_SCHEDULE_DECAY,
  Nadam,
  nadam,
  nadamSchedule,
} from '../src/engine/nadam.js';

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
});

/**
 * The Keras Nadam rule written out literally in float64, one step for one
 * parameter vector. `mSchedule` is the optimizer's product of u_1..u_{t-1}.
 */
function kerasNadamStep(
  w: number[],
  g: number[],
  state: { m: number[]; v: number[]; mSchedule: number; t: number },
  o: { lr: number; beta1: number; beta2: number; epsilon: number; scheduleDecay: number },
): number[] {
  const t = state.t + 1;
  const uT = o.beta1 * (1 - 0.5 * 0.96 ** (t * o.scheduleDecay));
  const uT1 = o.beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * o.scheduleDecay));
  const mScheduleNew = state.mSchedule * uT;
  const mScheduleNext = mScheduleNew * uT1;
  const out = w.map((wi, i) => {
    const gi = g[i];
    const m = o.beta1 * state.m[i] + (1 - o.beta1) * gi;
    const v = o.beta2 * state.v[i] + (1 - o.beta2) * gi * gi;
    state.m[i] = m;
    state.v[i] = v;
    const gPrime = gi / (1 - mScheduleNew);
    const mPrime = m / (1 - mScheduleNext);
    const vPrime = v / (1 - o.beta2 ** t);
    const mBar = (1 - uT) * gPrime + uT1 * mPrime;
    return wi - (o.lr * mBar) / (Math.sqrt(vPrime) + o.epsilon);
  });
  state.mSchedule = mScheduleNew;
  state.t = t;
  return out;
}

/** A variable whose initial-value tensor is freed (tf.variable alone keeps it alive). */
function mkVar(values: number[] | number[][], name: string): tf.Variable {
  return tf.tidy(() => tf.variable(tf.tensor(values), true, name));
}

function expectRelClose(actual: ArrayLike<number>, expected: number[], rel: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tol = rel * Math.max(1, Math.abs(expected[i]));
    expect(Math.abs(actual[i] - expected[i]), `element ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
  }
}

describe('Nadam: worked example against the Keras rule in float64', () => {
  const w0 = [0.5, -1.5, 3.0];
  const target = [1.0, 2.0, -0.5];

  for (const [label, scheduleDecay] of [
    ['Keras 2 schedule (0.96^(0.004 t))', KERAS2_SCHEDULE_DECAY],
    ['Keras 3 schedule (0.96^t)', KERAS3_SCHEDULE_DECAY],
  ] as const) {
    it(`${label}: 6 steps of loss = sum((w - target)^2) match to 1e-5 relative`, () => {
      const o = { lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, scheduleDecay };
      const opt = new Nadam(o.lr, o.beta1, o.beta2, o.epsilon, scheduleDecay);
      const w = mkVar(w0, `nadam_worked_${scheduleDecay}`);
      const tgt = tf.tensor1d(target);

      let ref = [...w0];
      const state = { m: [0, 0, 0], v: [0, 0, 0], mSchedule: 1, t: 0 };
      for (let step = 0; step < 6; step++) {
        const g = ref.map((ri, i) => 2 * (ri - target[i]));
        ref = kerasNadamStep(ref, g, state, o);
        opt.minimize(() => tf.sum(tf.square(tf.sub(w, tgt))), false, [w]);
        expectRelClose(w.dataSync(), ref, 1e-5);
      }
      expect(opt.iterations).toBe(6);
      // The weights actually moved (by about 6 * lr each).
      for (let i = 0; i < 3; i++) expect(Math.abs(ref[i] - w0[i])).toBeGreaterThan(0.3);

      opt.dispose();
      w.dispose();
      tgt.dispose();
    });
  }

  it('m_schedule helper equals the running product', () => {
    let p = 1;
    for (let t = 1; t <= 4; t++) p *= 0.9 * (1 - 0.5 * 0.96 ** (t * 0.004));
    expect(nadamSchedule(0.9, 4, 0.004)).toBeCloseTo(p, 15);
    expect(nadamSchedule(0.9, 0, 0.004)).toBe(1);
  });
});

describe('Nadam with scheduleDecay = 1 reproduces the golden values of Keras 3 (keras/src/optimizers/nadam_test.py)', () => {
  it('test_single_step', () => {
    const opt = new Nadam(0.5, 0.9, 0.999, 1e-7, KERAS3_SCHEDULE_DECAY);
    const x = mkVar([1, 2, 3, 4], 'nadam_golden_single');
    const g = tf.tensor1d([1, 6, 7, 2]);
    opt.applyGradients({ [x.name]: g });
    expectRelClose(x.dataSync(), [0.4686, 1.4686, 2.4686, 3.4686], 1e-4);
    opt.dispose();
    tf.dispose([x, g]);
  });

  it('test_correctness_with_golden', () => {
    const opt = new Nadam(0.5, 0.5, 0.67, 1e-5, KERAS3_SCHEDULE_DECAY);
    const x = tf.tidy(() => tf.variable(tf.ones([10]), true, 'nadam_golden_multi'));
    const grads = tf.tensor1d([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]);
    const firstGrads = tf.fill([10], 0.01);
    // prettier-ignore
    const golden = [
      [0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281],
      [-0.1738, -0.1731, -0.1726, -0.1723, -0.1721, -0.172, -0.1719, -0.1718, -0.1718, -0.1717],
      [-0.7115, -0.7103, -0.7096, -0.7092, -0.709, -0.7088, -0.7086, -0.7085, -0.7085, -0.7084],
      [-1.2335, -1.2322, -1.2313, -1.2309, -1.2306, -1.2304, -1.2302, -1.2301, -1.23, -1.2299],
      [-1.7492, -1.7478, -1.7469, -1.7464, -1.7461, -1.7459, -1.7457, -1.7456, -1.7455, -1.7454],
    ];
    opt.applyGradients({ [x.name]: firstGrads });
    for (const row of golden) {
      const got = x.dataSync();
      for (let i = 0; i < row.length; i++) expect(Math.abs(got[i] - row[i])).toBeLessThanOrEqual(5e-4 + 5e-4 * Math.abs(row[i]));
      opt.applyGradients({ [x.name]: grads });
    }
    opt.dispose();
    tf.dispose([x, grads, firstGrads]);
  });

  it('the default (Keras 2) schedule gives a different first step than Keras 3', () => {
    const opt = new Nadam(0.5);
    const x = mkVar([1], 'nadam_golden_k2');
    const g = tf.tensor1d([1]);
    opt.applyGradients([{ name: x.name, tensor: g }]);
    // Keras 2 rule by hand: 1 - 0.5 * 1.05645... = 0.47177
    expect(x.dataSync()[0]).toBeCloseTo(0.47177, 4);
    opt.dispose();
    tf.dispose([x, g]);
  });
});

describe('Nadam in training', () => {
  it('decreases a loss through optimizer.minimize', () => {
    const opt = new Nadam(0.05);
    const xs = tf.tensor2d([[0, 1], [1, 0], [1, 1], [2, 1], [0, 2]]);
    const ys = tf.tensor1d([2, -1, 1, 0, 4]); // y = -1 * x0 + 2 * x1 + 0
    const W = tf.tidy(() => tf.variable(tf.zeros([2, 1]), true, 'nadam_train_W'));
    const b = tf.tidy(() => tf.variable(tf.zeros([1]), true, 'nadam_train_b'));
    const loss = () => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(xs, W), b).reshape([-1]), ys))) as tf.Scalar;
    const first = tf.tidy(() => loss().dataSync()[0]);
    let last = first;
    for (let i = 0; i < 300; i++) {
      const l = opt.minimize(loss, true);
      if (i === 299) last = l!.dataSync()[0];
      l?.dispose();
    }
    expect(first).toBeGreaterThan(3);
    expect(last).toBeLessThan(first * 0.01);
    opt.dispose();
    tf.dispose([xs, ys, W, b]);
  });

  it('works as a LayersModel optimizer (compile + fit)', async () => {
    const opt = new Nadam(0.05);
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
    model.compile({ optimizer: opt, loss: 'meanSquaredError' });
    const xs = tf.tensor2d([[0, 1], [1, 0], [1, 1], [2, 1], [0, 2], [1, 2]]);
    const ys = tf.tensor2d([[2], [-1], [1], [0], [4], [3]]);
    const h = await model.fit(xs, ys, { epochs: 150, batchSize: 6, shuffle: false, verbose: 0 });
    const losses = h.history.loss as number[];
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.05);
    model.dispose();
    opt.dispose();
    tf.dispose([xs, ys]);
  });
});

describe('Nadam memory and state', () => {
  it('leaves tf.memory().numTensors unchanged after create, step and dispose', () => {
    const base = tf.memory().numTensors;
    const w1 = mkVar([[1, 2], [3, 4]], 'nadam_mem_w1');
    const w2 = mkVar([0.5, -0.5, 2], 'nadam_mem_w2');
    const start = tf.memory().numTensors;
    expect(start).toBe(base + 2);

    const opt = new Nadam(0.01);
    expect(tf.memory().numTensors).toBe(start);
    const loss = () => tf.add(tf.sum(tf.square(w1)), tf.sum(tf.abs(w2))) as tf.Scalar;
    opt.minimize(loss);
    // Exactly two moment variables per trained variable, no per-step growth.
    expect(tf.memory().numTensors).toBe(start + 4);
    for (let i = 0; i < 10; i++) opt.minimize(loss, false, [w1, w2]);
    expect(tf.memory().numTensors).toBe(start + 4);

    opt.dispose();
    expect(tf.memory().numTensors).toBe(start);
    opt.dispose(); // idempotent
    expect(tf.memory().numTensors).toBe(start);
    tf.dispose([w1, w2]);
    expect(tf.memory().numTensors).toBe(base);
  });

  it('getWeights/setWeights restores the state, m_schedule included', async () => {
    const base = tf.memory().numTensors;
    const wA = mkVar([1, -2, 3], 'nadam_ws_A');
    const wB = mkVar([0, 0, 0], 'nadam_ws_B');
    const target = tf.tensor1d([0.3, 0.1, -0.2]);
    const lossOf = (w: tf.Variable) => () => tf.sum(tf.square(tf.sub(w, target))) as tf.Scalar;

    const a = new Nadam(0.1, 0.9, 0.999, 1e-7, KERAS3_SCHEDULE_DECAY);
    for (let i = 0; i < 3; i++) a.minimize(lossOf(wA), false, [wA]);
    wB.assign(wA);

    const weights = await a.getWeights();
    expect(weights.map((w) => w.name)).toEqual(['iter', 'nadam_ws_A/m', 'nadam_ws_A/v']);
    const b = new Nadam(0.1, 0.9, 0.999, 1e-7, KERAS3_SCHEDULE_DECAY);
    await b.setWeights(weights);
    weights[0].tensor.dispose(); // the iter tensor getWeights created
    expect(b.iterations).toBe(3);

    for (let i = 0; i < 3; i++) {
      a.minimize(lossOf(wA), false, [wA]);
      b.minimize(lossOf(wB), false, [wB]);
    }
    const ga = wA.dataSync();
    const gb = wB.dataSync();
    for (let i = 0; i < 3; i++) expect(gb[i]).toBeCloseTo(ga[i], 6);

    a.dispose();
    b.dispose();
    tf.dispose([wA, wB, target]);
    expect(tf.memory().numTensors).toBe(base);
  });

  it('serializes: className, getConfig/fromConfig, registered with tfjs', () => {
    const opt = new Nadam(0.002, 0.8, 0.99, 1e-6, 1);
    expect(opt.getClassName()).toBe('Nadam');
    const cfg = opt.getConfig();
    expect(cfg).toEqual({ learningRate: 0.002, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, scheduleDecay: 1 });
    const copy = Nadam.fromConfig<Nadam>(Nadam, cfg);
    expect(copy).toBeInstanceOf(Nadam);
    expect(copy.getConfig()).toEqual(cfg);
    expect(tf.serialization.SerializationMap.getMap().classNameMap['Nadam']).toBeDefined();
    opt.dispose();
    copy.dispose();
  });

  it('factory nadam(tf, keras params) and defaults', () => {
    const o = nadam(tf, { learning_rate: 0.01 });
    expect(o).toBeInstanceOf(Nadam);
    expect(o.getConfig()).toEqual({ learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, scheduleDecay: 0.004 });
    const o3 = nadam(tf, { learning_rate: 0.001, beta_1: 0.8, beta_2: 0.9, epsilon: 1e-8, schedule_decay: 1 });
    expect(o3.getConfig()).toEqual({ learningRate: 0.001, beta1: 0.8, beta2: 0.9, epsilon: 1e-8, scheduleDecay: 1 });
    expect(() => new Nadam(undefined as unknown as number)).toThrow(/learningRate/);
    o.dispose();
    o3.dispose();
  });
});
