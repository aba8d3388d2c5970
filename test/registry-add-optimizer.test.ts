/**
 * The promise of the registry layout, tried for real: a throwaway optimizer `sgd_clip` (sgd on
 * gradients clipped to [-clip, clip]) is added to a copy of src/ as ONE new file plus its line in
 * optimizers/index.ts (the import and the list entry), nothing else edited. The copy's JSON Schema,
 * README names table (docs/names.ts), `trainspec list` and the registry checks every optimizer
 * goes through (test/registry-optimizer-checks.ts) all pick it up.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadTf } from '../src/engine/tf.js';
import { optimizerChecks, type CheckedOptimizer } from './registry-optimizer-checks.js';

const ROOT = join(import.meta.dirname, '..');
// inside the repository (gitignored) so the copy resolves node_modules as src/ does
const COPY = join(ROOT, '.vitest-tmp', `add-optimizer-${process.pid}`);

const SGD_CLIP = `import { Type } from '@sinclair/typebox';
import type { Params } from '../entry.js';
import { decay, decayedRate, f32, lr, optimizer } from './common.js';
import { stepOnly, tfjsOptimizer, type TfjsRule } from './tfjs-rule.js';

const params = {
  learning_rate: lr(0.01),
  clip: Type.Number({ exclusiveMinimum: 0, default: 1, description: 'largest gradient magnitude' }),
  decay: decay(),
};
type P = Params<typeof params>;

const tfjs: TfjsRule<P> = {
  className: 'test.SGDClip',
  slots: () => [],
  begin: stepOnly,
  update: (tf, w, g, _s, p, { lr }) => w.assign(tf.sub(w, tf.mul(tf.clipByValue(g, -p.clip, p.clip), lr))),
};

export const sgdClip = optimizer({
  name: 'sgd_clip',
  doc: 'sgd on gradients clipped to [-clip, clip]',
  params,
  rule: 'w −= lr·clip(g, −clip, clip)',
  elsewhere: 'Keras: SGD(clipvalue=clip), the same rule',
  build: (tf, p) => tfjsOptimizer(tf, tfjs, p),
  fused(p, size) {
    const rate = decayedRate(p), c = f32(p.clip);
    return {
      step(w, g) {
        const k = f32(rate());
        for (let i = 0; i < size; i++) w[i] = w[i]! - f32(Math.min(Math.max(g[i]!, -c), c) * k);
      },
    };
  },
  reference(p, n) {
    let it = 0;
    return (w, g) => {
      const lr = p.learning_rate / (1 + p.decay * it++);
      for (let i = 0; i < n; i++) w[i] = w[i]! - lr * Math.min(Math.max(g[i]!, -p.clip), p.clip);
    };
  },
  examples: [{ clip: 0.2, learning_rate: 0.1 }, { clip: 1e-4, decay: 0.5 }],
});
`;

/** Adds the optimizer the way a newcomer would: one file, its line in the index. */
function addOptimizer(): void {
  rmSync(COPY, { recursive: true, force: true });
  mkdirSync(COPY, { recursive: true });
  cpSync(join(ROOT, 'src'), join(COPY, 'src'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(COPY, 'package.json')); // src/version.ts reads it
  const dir = join(COPY, 'src', 'registry', 'optimizers');
  writeFileSync(join(dir, 'sgd_clip.ts'), SGD_CLIP);
  const index = readFileSync(join(dir, 'index.ts'), 'utf8');
  const added = index
    .replace("import { sgd } from './sgd.js';", "import { sgd } from './sgd.js';\nimport { sgdClip } from './sgd_clip.js';")
    .replace('  nadam,\n]);', '  nadam,\n  sgdClip,\n]);');
  expect(added.split('\n').length).toBe(index.split('\n').length + 2); // the import and the list entry
  writeFileSync(join(dir, 'index.ts'), added);
}

addOptimizer();
const copied = (path: string) => import(join(COPY, 'src', path));
const { optimizers } = await copied('registry/optimizers/index.ts');
const { defaults } = await copied('registry/entry.ts');

let tf: typeof TF;
beforeAll(async () => {
  tf = (await loadTf('cpu')).tf;
});
afterAll(() => rmSync(COPY, { recursive: true, force: true }));

describe('adding sgd_clip: one file and its index line', () => {
  it('the JSON Schema accepts it, by name and with its parameters', async () => {
    const { experimentJsonSchema } = await copied('schema/experiment.ts');
    const text = JSON.stringify(experimentJsonSchema());
    expect(text).toContain('"sgd_clip"');
    expect(text).toContain('largest gradient magnitude');
  });

  it('the README names table lists it with its rule, and `trainspec list` shows it', async () => {
    const { namesMarkdown } = await copied('docs/names.ts');
    const md: string = namesMarkdown();
    expect(md).toContain('| `sgd_clip` |  | learning_rate=0.01, clip=1, decay=0 | sgd on gradients clipped to [-clip, clip] |');
    expect(md).toContain('| `sgd_clip` | w −= lr·clip(g, −clip, clip) | Keras: SGD(clipvalue=clip), the same rule |');
    const { main } = await copied('cli/main.ts');
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
    try {
      expect(await main(['node', 'trainspec', 'list', 'optimizers'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(out.join('')).toMatch(/^ {2}sgd_clip +sgd on gradients clipped to \[-clip, clip\]$/m);
  });
});

// the same checks as every optimizer in test/registry-optimizers.test.ts
optimizerChecks((optimizers.entries as CheckedOptimizer[]).filter((e) => e.name === 'sgd_clip'), defaults, () => tf);
