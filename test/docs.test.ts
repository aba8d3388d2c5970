/** The README's table of names is generated from the registries; it must not go stale. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { README_END, README_START, withNames } from '../src/docs/names.js';
import { activations } from '../src/registry/activations/index.js';
import { ROOT } from './run-helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('has the current table of accepted names (run `npm run docs` when this fails)', () => {
    expect(readme).toContain(README_START);
    expect(readme).toContain(README_END);
    expect(withNames(readme)).toBe(readme);
  });

  it('lists every activation with its aliases', () => {
    for (const e of activations.entries) expect(readme).toContain(`| \`${e.name}\` |`);
    expect(readme).toContain('`silu`');
  });

  it('shows the install-and-run and install-and-test commands', () => {
    expect(readme).toContain('npm ci && npx trainspec run experiments/keras-seed-hinge.yaml');
    expect(readme).toContain('npm ci && npm test');
  });
});
