/**
 * Validation stays linear in the file: 64k unknown keys load with every issue at its line (the quadratic cases took
 * minutes). In the slow tier (npm run test:all; vitest.config.ts says why): the 64k-key file is the subject, and two
 * loads of it cost ~4 s of CPU; a quadratic step would take minutes and fail on the timeout.
 */
import { describe, expect, it } from 'vitest';
import { BASE, loadText, where } from './load-helpers.js';

describe('validation stays linear in the file', () => {
  it('64k unknown keys (the quadratic cases took minutes) load with every issue at its line', { timeout: 120_000 }, () => {
    const n = 64_000;
    const keys = Array.from({ length: n }, (_, i) => `k${i}: ${i}`).join('\n');
    const lines = BASE.split('\n').length;
    const r = loadText(`${BASE}${keys}\n`);
    expect(r.issues.length).toBe(n);
    expect(where([r.issues[0]!, r.issues[n - 1]!])).toEqual([`exp.yaml:${lines}:1 unknown-key`, `exp.yaml:${lines + n - 1}:1 unknown-key`]);
    // duplicate keys are found with a set per map (the yaml library's own check is quadratic)
    const dup = loadText(`${BASE}${keys}\nk5: again\n`);
    expect(where(dup.issues)).toEqual([`exp.yaml:${lines + n}:1 yaml-duplicate-key`]);
  });
});
