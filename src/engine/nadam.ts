/**
 * Nadam (Adam with Nesterov momentum) for TensorFlow.js, which has none.
 *
 * Keras's update rule, with the momentum schedule of Dozat (2015). For step
 * t = iterations + 1 (1-based), once per `applyGradients` call:
 *
 *   u_t             = beta_1 * (1 - 0.5 * 0.96^(t * scheduleDecay))
 *   u_{t+1}         = beta_1 * (1 - 0.5 * 0.96^((t + 1) * scheduleDecay))
 *   m_schedule_new  = m_schedule * u_t        (then stored as m_schedule)
 *   m_schedule_next = m_schedule_new * u_{t+1}
 *
 * and for each variable w with gradient g:
 *
 *   m     = beta_1 * m + (1 - beta_1) * g
 *   v     = beta_2 * v + (1 - beta_2) * g^2
 *   m_bar = (1 - u_t) * g / (1 - m_schedule_new) + u_{t+1} * m / (1 - m_schedule_next)
 *   v'    = v / (1 - beta_2^t)
 *   w    -= lr * m_bar / (sqrt(v') + epsilon)          (epsilon outside the sqrt)
 *
 * `m_schedule` (Keras 3: `_u_product`; tf.keras 2.x: `momentum_cache`) is one
 * scalar per optimizer, shared by all variables, starting at 1.
 *
 * The two Keras generations differ only in the schedule's exponent:
 * - standalone Keras 2.x and tf.keras up to 2.10 (`optimizer_v2/nadam.py`):
 *   `0.96^(0.004 * t)` (`schedule_decay=0.004`) — this class's default,
 *   matching the registry's Keras 2 defaults (learning_rate 0.002);
 * - Keras 3 (`keras/src/optimizers/nadam.py`) and tf.keras 2.11+:
 *   `0.96^t` — pass `scheduleDecay = 1` (`KERAS3_SCHEDULE_DECAY`).
 *
 * Scalar coefficients (u_t, the schedules, 1 - beta_2^t) are computed in
 * float64 in JS and folded into the few tensor ops, so a step costs about a
 * dozen kernels per variable; the result equals the rule above up to float32
 * rounding.
 *
 * Memory: the moments are non-trainable `tf.Variable`s (created on the first
 * step for each variable, like tfjs's AdamOptimizer), every step runs inside
 * `tf.tidy`, and `dispose()` frees them. `m_schedule` is a JS number: it is a
 * pure function of the step count, so `getWeights()` does not store it and
 * `setWeights()` recomputes it from the restored `iterations`.
 *
 * Importing this module loads tfjs-core (required, as engine/tf.ts does: the same instance, and
 * no scan of the CommonJS bundle for its export names); only the engine (and the registry's lazy
 * `build`) import it, never the validate path.
 */
import { createRequire } from 'node:module';
import type * as TFC from '@tensorflow/tfjs-core';

const tf = createRequire(import.meta.url)('@tensorflow/tfjs-core') as typeof TFC;

/** tfjs-core's NamedTensor (not re-exported by `@tensorflow/tfjs`). */
interface NamedTensor {
  name: string;
  tensor: TFC.Tensor;
}

interface OptimizerVariable {
  originalName: string;
  variable: TFC.Variable;
}

/** Schedule exponent factor of standalone Keras 2 / tf.keras <= 2.10 (`schedule_decay`). */
export const KERAS2_SCHEDULE_DECAY = 0.004;
/** Schedule exponent factor equivalent to Keras 3 / tf.keras >= 2.11 (`0.96^t`). */
export const KERAS3_SCHEDULE_DECAY = 1;

/** The momentum coefficient u_t for 1-based step `t`. */
export function nadamMomentum(beta1: number, t: number, scheduleDecay: number): number {
  return beta1 * (1 - 0.5 * Math.pow(0.96, t * scheduleDecay));
}

/** m_schedule after `steps` steps: the product of u_1 .. u_steps (1 for 0 steps). */
export function nadamSchedule(beta1: number, steps: number, scheduleDecay: number): number {
  let s = 1;
  for (let t = 1; t <= steps; t++) s *= nadamMomentum(beta1, t, scheduleDecay);
  return s;
}

function finite(name: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new TypeError(`Nadam: ${name} must be a finite number, got ${String(x)}`);
  }
  return x;
}

export class Nadam extends tf.Optimizer {
  /** Registered name for tfjs serialization. A getter, as in tfjs's own optimizers. */
  static get className(): string {
    return 'Nadam';
  }

  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly scheduleDecay: number;

  /** Product of u_1 .. u_iterations; per optimizer, shared by all variables. */
  private mSchedule = 1;
  private firstMoments: OptimizerVariable[] = [];
  private secondMoments: OptimizerVariable[] = [];

  /**
   * @param learningRate step size (no default: the registry supplies it).
   * @param beta1 first-moment decay (Keras `beta_1`).
   * @param beta2 second-moment decay (Keras `beta_2`).
   * @param epsilon added to sqrt(v'), Keras's default 1e-7; `null` means the
   *   backend's epsilon, as in tfjs's optimizers.
   * @param scheduleDecay exponent factor of the momentum schedule: 0.004 for
   *   Keras 2 / tf.keras <= 2.10 (default), 1 for Keras 3 / tf.keras >= 2.11.
   */
  constructor(
    learningRate: number,
    beta1 = 0.9,
    beta2 = 0.999,
    epsilon: number | null = 1e-7,
    scheduleDecay: number = KERAS2_SCHEDULE_DECAY,
  ) {
    super();
    this.learningRate = finite('learningRate', learningRate);
    this.beta1 = finite('beta1', beta1);
    this.beta2 = finite('beta2', beta2);
    this.epsilon = epsilon == null ? tf.backend().epsilon() : finite('epsilon', epsilon);
    this.scheduleDecay = finite('scheduleDecay', scheduleDecay);
  }

  override applyGradients(variableGradients: TFC.NamedTensorMap | NamedTensor[]): void {
    const isArray = Array.isArray(variableGradients);
    const names = isArray
      ? (variableGradients as NamedTensor[]).map((v) => v.name)
      : Object.keys(variableGradients);

    const t = this.iterations + 1;
    const uT = nadamMomentum(this.beta1, t, this.scheduleDecay);
    const uT1 = nadamMomentum(this.beta1, t + 1, this.scheduleDecay);
    const mScheduleNew = this.mSchedule * uT;
    const mScheduleNext = mScheduleNew * uT1;
    // lr * m_bar = g * cGrad + m * cMoment
    const cGrad = (this.learningRate * (1 - uT)) / (1 - mScheduleNew);
    const cMoment = (this.learningRate * uT1) / (1 - mScheduleNext);
    const vCorrection = 1 - Math.pow(this.beta2, t);
    const { beta1, beta2, epsilon } = this;

    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        if (value == null) throw new Error(`Nadam: no registered variable named ${name}`);
        const trainable = false;
        if (this.firstMoments[i] == null) {
          this.firstMoments[i] = {
            originalName: `${name}/m`,
            variable: tf.tidy(() => tf.zerosLike(value).variable(trainable)),
          };
        }
        if (this.secondMoments[i] == null) {
          this.secondMoments[i] = {
            originalName: `${name}/v`,
            variable: tf.tidy(() => tf.zerosLike(value).variable(trainable)),
          };
        }
        const gradient = isArray
          ? (variableGradients as NamedTensor[])[i].tensor
          : (variableGradients as TFC.NamedTensorMap)[name];
        if (gradient == null) return;

        const m = this.firstMoments[i].variable;
        const v = this.secondMoments[i].variable;
        const newM = tf.add(tf.mul(m, beta1), tf.mul(gradient, 1 - beta1));
        const newV = tf.add(tf.mul(v, beta2), tf.mul(tf.square(gradient), 1 - beta2));
        m.assign(newM);
        v.assign(newV);

        const lrMBar = tf.add(tf.mul(gradient, cGrad), tf.mul(newM, cMoment));
        const denom = tf.add(tf.sqrt(tf.div(newV, vCorrection)), epsilon);
        value.assign(tf.sub(value, tf.div(lrMBar, denom)));
      });
    });

    this.mSchedule = mScheduleNew;
    this.incrementIterations();
  }

  override dispose(): void {
    tf.dispose(this.firstMoments.map((v) => v.variable));
    tf.dispose(this.secondMoments.map((v) => v.variable));
    this.firstMoments = [];
    this.secondMoments = [];
    super.dispose();
  }

  /**
   * `[iter, ...m, ...v]`, the layout of tfjs's AdamOptimizer. The `iter`
   * tensor is new (the caller disposes it); the others are the live variables.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    const moments = [...this.firstMoments, ...this.secondMoments];
    return [await this.saveIterations()].concat(
      moments.map((v) => ({ name: v.originalName, tensor: v.variable })),
    );
  }

  /**
   * Restores `[iter, ...m, ...v]` (copies the tensors; the caller keeps
   * ownership of its own) and recomputes m_schedule from `iter`.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    if (rest.length % 2 !== 0) {
      throw new Error(`Nadam.setWeights: expected iter plus pairs of m and v, got ${weightValues.length} tensors`);
    }
    this.mSchedule = nadamSchedule(this.beta1, this.iterations, this.scheduleDecay);
    tf.dispose(this.firstMoments.map((v) => v.variable));
    tf.dispose(this.secondMoments.map((v) => v.variable));
    const n = rest.length / 2;
    const trainable = false;
    this.firstMoments = rest.slice(0, n).map((w) => ({ originalName: w.name, variable: w.tensor.variable(trainable) }));
    this.secondMoments = rest.slice(n).map((w) => ({ originalName: w.name, variable: w.tensor.variable(trainable) }));
  }

  override getConfig(): TFC.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      scheduleDecay: this.scheduleDecay,
    };
  }

  static override fromConfig<T extends TFC.serialization.Serializable>(
    cls: TFC.serialization.SerializableConstructor<T>,
    config: TFC.serialization.ConfigDict,
  ): T {
    return new cls(
      config['learningRate'],
      config['beta1'],
      config['beta2'],
      config['epsilon'],
      config['scheduleDecay'] ?? KERAS2_SCHEDULE_DECAY,
    );
  }
}

tf.serialization.registerClass(Nadam);

/** Keras-named parameters, as in a trainspec YAML `optimizer:` block. */
export interface NadamParams {
  learning_rate: number;
  beta_1?: number;
  beta_2?: number;
  epsilon?: number;
  /** 0.004 (Keras 2, default) or 1 (Keras 3). */
  schedule_decay?: number;
}

/**
 * Builds a `Nadam` from Keras-named parameters. `_tf` is accepted only so the
 * signature matches the registry's `build(tf, params)`; the class always uses
 * this module's tfjs import (the same module instance the engine loads).
 */
export function nadam(_tf: unknown, p: NadamParams): Nadam {
  return new Nadam(p.learning_rate, p.beta_1, p.beta_2, p.epsilon, p.schedule_decay);
}
