/**
 * The machinery under trainspec's tfjs optimizers (tfjs has no Keras 2 rules, and no nadam):
 * an entry states its rule as a few tensor ops (`TfjsRule`), and `tfjsOptimizer` wraps it in a
 * tfjs `Optimizer` subclass with per-variable state slots, the step counter and Keras 2's
 * time-based decay, lr = learning_rate / (1 + decay * iterations) (iterations before this step).
 *
 * The class is made from the `tf` the engine passes to `build` (one per tfjs instance, registered
 * with its serialization), so the registry loads no tfjs itself: only `import type` here.
 * Scalars are float64 in JS, folded into the tensor ops (tfjs makes float32 scalars of them).
 * Slots are non-trainable variables made on a variable's first step, filled with the rule's
 * starting value; every step runs in `tf.tidy`; `dispose()` frees them. `getWeights()` returns
 * `[iter, ...slot 0 of every variable, ...slot 1 of every variable, ...]`, tfjs's own layout.
 */
import type * as TF from '@tensorflow/tfjs';
import type { Tf } from '../entry.js';

/** The hyper-parameters a rule reads: numbers and switches (defaults filled in). */
export type Hyper = Readonly<Record<string, unknown>>;

/** What a rule sees for one step: Keras 2's decayed learning rate and the 1-based step. */
export interface Step {
  lr: number;
  t: number;
}

export interface TfjsRule<P extends Hyper = Hyper, S = Step> {
  /** tfjs serialization name. */
  readonly className: string;
  /** The per-variable state, in `getWeights` order. */
  slots(p: P): readonly string[];
  /** A slot's starting value (0 unless given). */
  slotStart?(p: P, slot: number): number;
  /**
   * The step's scalars, once per step before the variables, from the previous step's (null on
   * the first): what a rule keeps across steps is a function of the step count, so setWeights
   * replays this from the restored `iterations`.
   */
  begin(p: P, step: Step, previous: S | null): S;
  /** Updates `w` and its slots `s` from gradient `g`; runs inside `tf.tidy`. */
  update(tf: Tf, w: TF.Variable, g: TF.Tensor, s: readonly TF.Variable[], p: P, k: S): void;
}

/** `begin` for rules that need only the step itself. */
export const stepOnly = (_p: Hyper, step: Step): Step => step;

interface NamedTensor {
  name: string;
  tensor: TF.Tensor;
}

type RuleClass = new (params: Hyper) => TF.Optimizer;
const classes = new WeakMap<object, Map<string, RuleClass>>();

const num = (p: Hyper, key: string): number => {
  const v = p[key];
  return typeof v === 'number' ? v : 0;
};

/** A tfjs Optimizer following `rule` with `params`. */
export function tfjsOptimizer<P extends Hyper, S>(tf: Tf, rule: TfjsRule<P, S>, params: P): TF.Optimizer {
  let byName = classes.get(tf.Optimizer);
  if (!byName) classes.set(tf.Optimizer, (byName = new Map()));
  let cls = byName.get(rule.className);
  if (!cls) byName.set(rule.className, (cls = defineClass(tf, rule as unknown as TfjsRule<Hyper, unknown>)));
  return new cls(params);
}

/** One optimizer's state: its slots per variable, and the rule's scalars of the last step. */
interface State {
  params: Hyper;
  slotNames: readonly string[];
  slotVars: TF.Variable[][];
  slotOwners: string[];
  previous: unknown;
}

const stepAt = (p: Hyper, iterations: number): Step => ({ lr: num(p, 'learning_rate') / (1 + num(p, 'decay') * iterations), t: iterations + 1 });

function applyRule(tf: Tf, rule: TfjsRule<Hyper, unknown>, st: State, iterations: number, variableGradients: TF.NamedTensorMap | NamedTensor[]): void {
  const pairs = Array.isArray(variableGradients)
    ? variableGradients.map((v) => [v.name, v.tensor] as const)
    : Object.keys(variableGradients).map((n) => [n, variableGradients[n]] as const);
  const k = (st.previous = rule.begin(st.params, stepAt(st.params, iterations), st.previous));
  tf.tidy(() => {
    pairs.forEach(([name, gradient], i) => {
      const value = tf.engine().registeredVariables[name];
      if (value == null) throw new Error(`${rule.className}: no registered variable named ${name}`);
      if (st.slotVars[i] == null) {
        st.slotOwners[i] = name;
        st.slotVars[i] = st.slotNames.map((_, s) => tf.tidy(() => tf.fill(value.shape, rule.slotStart?.(st.params, s) ?? 0).variable(false)));
      }
      if (gradient == null) return;
      rule.update(tf, value, gradient, st.slotVars[i]!, st.params, k);
    });
  });
}

/** Restores `getWeights()`'s layout (copies the tensors) and replays the rule's per-step scalars. */
function restore(tf: Tf, rule: TfjsRule<Hyper, unknown>, st: State, iterations: number, rest: NamedTensor[], total: number): void {
  const k = st.slotNames.length;
  if (k === 0 ? rest.length !== 0 : rest.length % k !== 0) {
    throw new Error(`${rule.className}.setWeights: expected iter plus ${k} slots per variable, got ${total} tensors`);
  }
  st.previous = null;
  for (let it = 0; it < iterations; it++) st.previous = rule.begin(st.params, stepAt(st.params, it), st.previous);
  tf.dispose(st.slotVars.flat());
  const n = k === 0 ? 0 : rest.length / k;
  st.slotOwners = rest.slice(0, n).map((w) => w.name.replace(/\/[^/]*$/, ''));
  st.slotVars = Array.from({ length: n }, (_, i) => st.slotNames.map((_, s) => rest[s * n + i]!.tensor.variable(false)));
}

function defineClass(tf: Tf, rule: TfjsRule<Hyper, unknown>): RuleClass {
  class RuleOptimizer extends tf.Optimizer {
    static get className(): string {
      return rule.className;
    }
    private readonly state: State;

    constructor(params: Hyper) {
      super();
      for (const [k, v] of Object.entries(params)) {
        if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError(`${rule.className}: ${k} must be finite, got ${v}`);
      }
      this.state = { params: { ...params }, slotNames: rule.slots(params), slotVars: [], slotOwners: [], previous: null };
    }

    override applyGradients(variableGradients: TF.NamedTensorMap | NamedTensor[]): void {
      applyRule(tf, rule, this.state, this.iterations, variableGradients);
      this.incrementIterations();
    }

    override dispose(): void {
      tf.dispose(this.state.slotVars.flat());
      this.state.slotVars = [];
      super.dispose();
    }

    override async getWeights(): Promise<NamedTensor[]> {
      const { slotNames, slotVars, slotOwners } = this.state;
      const slots = slotNames.flatMap((slot, k) => slotVars.map((vars, i) => ({ name: `${slotOwners[i]}/${slot}`, tensor: vars[k]! as TF.Tensor })));
      return [await this.saveIterations(), ...slots];
    }

    override async setWeights(weightValues: NamedTensor[]): Promise<void> {
      const rest = await this.extractIterations(weightValues);
      restore(tf, rule, this.state, this.iterations, rest, weightValues.length);
    }

    override getConfig(): TF.serialization.ConfigDict {
      return { ...this.state.params } as TF.serialization.ConfigDict;
    }
  }
  tf.serialization.registerClass(RuleOptimizer as never);
  return RuleOptimizer;
}
