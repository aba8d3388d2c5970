import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resultsTarget, type ProbedFolders } from '../src/results/target.js';

describe('resultsTarget with the invocation\'s ProbedFolders', () => {
  let out = '';
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it('probes a parent once per name length, and always without the map', () => {
    out = mkdtempSync(join(tmpdir(), 'trainspec-probed-'));
    const parent = join(out, 'sweep');
    const probed: ProbedFolders = new Map();
    expect(resultsTarget(out, 'sweep/a=1,b=22', probed)).toBe(join(parent, 'a=1,b=22'));
    // The probe made the parent; with it gone, a second point of no longer a name is not probed again ...
    expect(existsSync(parent)).toBe(true);
    rmSync(parent, { recursive: true });
    resultsTarget(out, 'sweep/a=2,b=33', probed);
    expect(existsSync(parent)).toBe(false);
    // ... a longer name is (the probe proves that length can be created there) ...
    resultsTarget(out, 'sweep/a=10,b=333', probed);
    expect(existsSync(parent)).toBe(true);
    expect(probed.get(parent)).toBe('a=10,b=333'.length);
    // ... and a call without the map (another invocation, watch mode's next run) always probes.
    rmSync(parent, { recursive: true });
    resultsTarget(out, 'sweep/a=1,b=22');
    expect(existsSync(parent)).toBe(true);
  });

  it('leaves no probe folder behind', () => {
    out = mkdtempSync(join(tmpdir(), 'trainspec-probed-'));
    const probed: ProbedFolders = new Map();
    resultsTarget(out, 'one', probed);
    resultsTarget(out, 'three', probed);
    expect(readdirSync(out)).toEqual([]);
    expect(probed).toEqual(new Map([[out, 'three'.length]]));
  });
});
