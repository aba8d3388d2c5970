/**
 * The shared machinery of trainspec's tfjs optimizers that follow Keras 2's update rules
 * (engine/keras2-rules.ts): per-variable state slots, the step counter, and Keras 2's
 * time-based learning-rate decay, so each rule is only its few tensor ops.
 *
 * Keras 2 (keras/optimizers.py, 2.2/2.3) computes, once per step,
 *   lr_t = learning_rate / (1 + decay * iterations)      (iterations before this step: 0 first)
 * and every rule below uses lr_t. `t = iterations + 1` is the 1-based step for bias corrections.
 * Scalar coefficients are computed in float64 in JS and folded into the tensor ops (tfjs turns
 * them into float32 scalars), so results equal the float64 rule to float32 rounding.
 *
 * State slots are non-trainable `tf.Variable`s created on a variable's first step (filled with
 * the rule's starting value), every step runs in `tf.tidy`, and `dispose()` frees them.
 * `getWeights()` returns `[iter, ...slot 0 of every variable, ...slot 1 of every variable, ...]`,
 * the layout of tfjs's own optimizers; `setWeights()` restores it.
 *
 * Importing this module loads tfjs-core (required, the same instance engine/tf.ts uses); only the
 * engine and the registry's lazy `build` import it.
 */
import { createRequire } from 'node:module';
import type * as TFC from '@tensorflow/tfjs-core';

export const tf = createRequire(import.meta.url)('@tensorflow/tfjs-core') as typeof TFC;

/** tfjs-core's NamedTensor (not re-exported by `@tensorflow/tfjs`). */
export interface NamedTensor {
  name: string;
  tensor: TFC.Tensor;
}

/** Keras-named hyper-parameters, as the registry passes them (defaults filled in). */
export type Keras2Params = Record<string, number | boolean>;

/** What a rule sees for one step. */
export interface Step {
  /** Keras 2's decayed learning rate for this step. */
  lr: number;
  /** 1-based step number. */
  t: number;
}

export abstract class Keras2Optimizer extends tf.Optimizer {
  readonly params: Keras2Params;
  private readonly slotNames: readonly string[];
  private slotVars: TFC.Variable[][] = [];
  private slotOwners: string[] = [];

  /**
   * @param params Keras-named parameters; `learning_rate` and `decay` are read here.
   * @param slotNames the per-variable state this rule keeps, in `getWeights` order.
   */
  constructor(params: Keras2Params, slotNames: readonly string[]) {
    super();
    for (const [k, v] of Object.entries(params)) {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError(`${this.getClassName()}: ${k} must be finite, got ${v}`);
    }
    this.params = { ...params };
    this.slotNames = slotNames;
  }

  protected num(key: string): number {
    const v = this.params[key];
    return typeof v === 'number' ? v : 0;
  }

  /** The starting value of slot `index` (0 unless a rule says otherwise, e.g. adagrad's). */
  protected slotStart(_index: number): number {
    return 0;
  }

  /** Updates `w` and its slots `s` from gradient `g`; runs inside `tf.tidy`. */
  protected abstract rule(w: TFC.Variable, g: TFC.Tensor, s: readonly TFC.Variable[], step: Step): void;

  /** Called once per step before the variables, for per-step scalars (bias corrections). */
  protected beginStep(_step: Step): void {}

  override applyGradients(variableGradients: TFC.NamedTensorMap | NamedTensor[]): void {
    const pairs = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor] as const)
      : Object.keys(variableGradients).map((n) => [n, variableGradients[n]] as const);
    const step: Step = { lr: this.num('learning_rate') / (1 + this.num('decay') * this.iterations), t: this.iterations + 1 };
    this.beginStep(step);
    tf.tidy(() => {
      pairs.forEach(([name, gradient], i) => {
        const value = tf.engine().registeredVariables[name];
        if (value == null) throw new Error(`${this.getClassName()}: no registered variable named ${name}`);
        if (this.slotVars[i] == null) {
          this.slotOwners[i] = name;
          this.slotVars[i] = this.slotNames.map((_, k) => tf.tidy(() => tf.fill(value.shape, this.slotStart(k)).variable(false)));
        }
        if (gradient == null) return;
        this.rule(value, gradient, this.slotVars[i]!, step);
      });
    });
    this.incrementIterations();
  }

  override dispose(): void {
    tf.dispose(this.slotVars.flat());
    this.slotVars = [];
    super.dispose();
  }

  /** `[iter, ...slot 0 of each variable, ...slot 1 of each variable, ...]`; `iter` is new, the rest live. */
  override async getWeights(): Promise<NamedTensor[]> {
    const slots = this.slotNames.flatMap((slot, k) =>
      this.slotVars.map((vars, i) => ({ name: `${this.slotOwners[i]}/${slot}`, tensor: vars[k]! as TFC.Tensor })));
    return [await this.saveIterations(), ...slots];
  }

  /** Restores `getWeights()`'s layout (copies the tensors; the caller keeps its own). */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    const k = this.slotNames.length;
    if (k === 0 ? rest.length !== 0 : rest.length % k !== 0) {
      throw new Error(`${this.getClassName()}.setWeights: expected iter plus ${k} slots per variable, got ${weightValues.length} tensors`);
    }
    tf.dispose(this.slotVars.flat());
    const n = k === 0 ? 0 : rest.length / k;
    this.slotOwners = rest.slice(0, n).map((w) => w.name.replace(/\/[^/]*$/, ''));
    this.slotVars = Array.from({ length: n }, (_, i) => this.slotNames.map((_, s) => rest[s * n + i]!.tensor.variable(false)));
  }

  override getConfig(): TFC.serialization.ConfigDict {
    return { ...this.params };
  }
}

/** Registers an optimizer class with tfjs's serialization under its (trainspec-prefixed) name. */
export function register(cls: TFC.serialization.SerializableConstructor<TFC.serialization.Serializable>): void {
  tf.serialization.registerClass(cls);
}
