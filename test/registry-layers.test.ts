/**
 * Every layer entry through the same checks, on the inputs and parameters its `examples` give:
 * its shape rule (used at validation, no tfjs) agrees with the layer tfjs builds from `build`
 * on output shape and parameter count; `units` names the output width; the entry is complete.
 */
import type * as TF from '@tensorflow/tfjs';
import type { TProperties } from '@sinclair/typebox';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf } from '../src/engine/tf.js';
import { defaults } from '../src/registry/entry.js';
import { layers } from '../src/registry/layers/index.js';

let tf: typeof TF;
beforeAll(async () => {
  tf = (await loadTf('cpu')).tf;
});

describe.each(layers.entries.map((e) => [e.name, e] as const))('layer %s', (name, e) => {
  it('states its doc and a description for every parameter, and has examples', () => {
    expect(e.doc.trim().length).toBeGreaterThan(5);
    for (const [k, s] of Object.entries(e.params as TProperties)) {
      expect(k, 'Keras-style snake_case').toMatch(/^[a-z][a-z0-9_]*$/);
      expect((s as { description?: string }).description, `${k}: description`).toBeTruthy();
    }
    expect(e.examples.length).toBeGreaterThan(0);
    expect([undefined, 'dense', 'activation', 'dropout', 'conv', 'pool', 'reshape']).toContain(e.fused);
  });

  it.each(e.examples.map((x) => [JSON.stringify(x), x] as const))('shape rule = tfjs: %s', (_label, x) => {
    const p = { ...defaults(e.params as TProperties, x.params as Record<string, unknown>), name: `${name}_check` };
    const rule = e.shape(x.input, p);
    const model = tf.sequential();
    try {
      model.add(e.build(tf, p, x.input));
      expect(rule).toEqual({ ok: true, out: (model.outputShape as (number | null)[]).slice(1), params: model.countParams() });
      const units = e.units?.(p);
      if (units !== undefined && rule.ok) expect(rule.out[rule.out.length - 1]).toBe(units);
    } finally {
      model.dispose();
    }
  });
});

describe('shape rules report the parameter at fault', () => {
  it('a window larger than its input, a reshape that cannot hold it, a wrong rank', () => {
    expect(layers.get('conv2d')!.shape([3, 4, 1], { filters: 2, kernel_size: [2, 5], strides: 1, padding: 'valid', use_bias: true } as never))
      .toMatchObject({ ok: false, param: 'kernel_size' });
    expect(layers.get('reshape')!.shape([12], { target_shape: [5, 2] } as never)).toMatchObject({ ok: false, param: 'target_shape' });
    expect(layers.get('lstm')!.shape([12], { units: 2 } as never)).toMatchObject({ ok: false, message: expect.stringMatching(/needs an input of shape \[steps, features\]/) });
  });
});
