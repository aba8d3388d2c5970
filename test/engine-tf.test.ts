/**
 * engine/tf.ts loads tfjs-core, tfjs-layers and the cpu backend instead of the whole
 * `@tensorflow/tfjs`: the same objects under the same names (less converter, data and webgl),
 * and the same chained ops on tensors (engine/chained-ops.ts), compared with `@tensorflow/tfjs`
 * in one fresh process (in this worker another test file may have loaded the whole bundle, and loading it here would
 * put its chained ops over engine/tf.ts's for the files after): engine/tf.ts's tfjs first (its chained ops read), then
 * `@tensorflow/tfjs` required, which sets its own chained ops over them on the same Tensor class (each a new
 * function), and the same ops read again. Its list of methods: those Tensor.prototype had before engine/tf.ts
 * installed its own, and every one the bundle set.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run-helpers.js';

const TF_JS = pathToFileURL(join(ROOT, 'dist', 'engine', 'tf.js')).href;

// Every special chained op (engine/chained-ops.ts) and a few plain ones, with their results.
const CHAINED = `
  const t = tf.tensor2d([[1, -2], [3, 4]]);
  const show = (x) => Array.isArray(x) ? x.map(show) : { shape: x.shape, dtype: x.dtype, v: x.arraySync() };
  const img = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
  return {
    names: Object.getOwnPropertyNames(tf.Tensor.prototype).sort(),
    asScalar: show(tf.scalar(5).asScalar()),
    asScalarThrows: (() => { try { t.asScalar(); return 'no'; } catch (e) { return e.message; } })(),
    asType: show(t.asType('int32')), as1D: show(t.as1D()), as2D: show(t.as1D().as2D(1, 4)),
    as3D: show(t.as3D(1, 2, 2)), as4D: show(t.as4D(1, 1, 2, 2)), as5D: show(t.as5D(1, 1, 1, 2, 2)),
    concat1: show(t.concat(t, 0)), concat2: show(t.concat([t, t], 1)),
    flatten: show(t.flatten()), reshapeAs: show(t.reshapeAs(tf.zeros([4, 1]))),
    resizeBilinear: show(img.resizeBilinear([3, 3])), resizeNN: show(img.resizeNearestNeighbor([3, 3], true)),
    stack1: show(t.stack(t)), stack2: show(t.stack([t, t], 1)),
    toBool: show(t.toBool()), toFloat: show(t.toInt().toFloat()), toInt: show(tf.tensor1d([1.7, -1.7]).toInt()),
    where: show(t.where(tf.tensor2d([[true, false], [false, true]], undefined, 'bool'), tf.zeros([2, 2]))),
    slice: show(t.slice([1, 0], [1, -1])), mul: show(t.mul(2)), matMul: show(t.matMul(t, false, true)),
    mean: show(t.mean(0)), oneHot: show(tf.tensor1d([0, 2], 'int32').oneHot(3)), isNaN: show(t.div(0).isNaN()),
    split: show(t.split(2, 1)), unstack: show(t.unstack()), topk: (() => { const r = t.topk(1); return [show(r.values), show(r.indices)]; })(),
    disposed: (() => { const d = tf.ones([1]); d.dispose(); try { d.mul(2); return 'no'; } catch (e) { return e.message; } })(),
  };`;

// engine/tf.ts's tfjs, then @tensorflow/tfjs, in one fresh process for both tests. tfjs-core is required before
// engine/tf.ts (which requires it first too): the methods it puts on Tensor.prototype itself, before any chained op.
const SCRIPT = `
  import { createRequire } from 'node:module';
  const require = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});
  const proto = require('@tensorflow/tfjs-core').Tensor.prototype;
  const methods = () => new Map(Object.getOwnPropertyNames(proto).map((k) => [k, (({ value, get }) => value ?? get)(Object.getOwnPropertyDescriptor(proto, k))]));
  const before = methods();
  const chainedWith = async (tf) => { ${CHAINED} };
  let tf = (await (await import(${JSON.stringify(TF_JS)})).loadTf('cpu')).tf;
  await tf.setBackend('cpu');
  const chained = await chainedWith(tf);
  const ours = methods();
  const members = await (async () => {
      const union = require('@tensorflow/tfjs');
      const skipped = new Set(['data', ...['@tensorflow/tfjs-converter', '@tensorflow/tfjs-backend-webgl'].flatMap((m) => Object.keys(require(m)))]);
      const missing = Object.keys(union).filter((k) => !(k in tf) && !skipped.has(k));
      const different = Object.keys(tf).filter((k) => k !== 'version' && tf[k] !== union[k]);
      const extra = Object.keys(tf).filter((k) => !(k in union));
      return { missing, different, extra, version: tf.version.tfjs, unionVersion: union.version.tfjs, skipped: skipped.size };
  })();
  tf = require('@tensorflow/tfjs');
  const set = [...methods()].filter(([k, v]) => ours.get(k) !== v).map(([k]) => k);
  const tfjs = { ...(await chainedWith(tf)), names: [...new Set([...before.keys(), ...set])].sort() };
  process.stdout.write(JSON.stringify({ chained, tfjs, members, set: set.length }));`;

let ran: { chained: Record<string, unknown>; tfjs: Record<string, unknown>; members: Record<string, unknown>; set: number } | undefined;
const inFreshNode = () =>
  (ran ??= JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TRAINSPEC_NO_TFJS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })) as NonNullable<typeof ran>);

describe('tfjs as engine/tf.ts loads it', () => {
  it('has the chained ops of @tensorflow/tfjs, with the same results', () => {
    const { chained: got, tfjs: want, set } = inFreshNode();
    expect(set).toBeGreaterThan(130); // @tensorflow/tfjs set its own chained ops over engine/tf.ts's
    expect((want.names as string[]).length).toBeGreaterThan(130);
    expect(got).toEqual(want);
  });

  it("has @tensorflow/tfjs's members, the same objects, except converter, data and webgl", () => {
    const r = inFreshNode().members;
    expect(r.skipped).toBeGreaterThan(5);
    expect(r).toMatchObject({ missing: [], different: [], extra: [] });
    expect(r.version).toBe(r.unionVersion);
  });
});
