/**
 * writeAtomicallyAsync (the pool's main thread writes results with it while a
 * worker trains the next run): a folder's files written and fsynced
 * concurrently, with the guarantees of a folder written as one unit. Exact files, earlier
 * results replaced with nothing left beside them, a full disk on any one of
 * the concurrent files leaves earlier results whole and no temporary folder
 * (even while the other files are still being written), and a folder that is
 * not ours is never replaced.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputError } from '../src/results/output-error.js';
import { realAsyncIo, writeAtomicallyAsync, type AsyncWriteIo } from '../src/results/write-async.js';
import { snapshot, tempDir } from './run-helpers.js';

const RUN_JSON = JSON.stringify({ hash: 'abc', versions: { trainspec: '0.1.0' } });
const files = (tag: string) => ({
  'run.json': RUN_JSON, 'metrics.json': `{"final":{"loss":${tag}}}`, 'history.csv': `epoch,loss\n1,${tag}\n`,
  'model/model.json': `{"v":${tag}}`, 'model/weights.bin': new Uint8Array([1, 2, Number(tag)]),
});

/** Fails the file whose path contains `at`; the other files are slowed down so they are still being written when it fails. */
const faulty = (at: string, code: string): AsyncWriteIo => ({
  async writeFile(path, data) {
    if (path.includes(at)) throw Object.assign(new Error(`${code}: fault, write '${path}'`), { code, path });
    await new Promise((r) => setTimeout(r, 20));
    await realAsyncIo.writeFile(path, data);
  },
});

describe('writeAtomicallyAsync', () => {
  it('writes exactly the files given, and replaces an earlier folder with nothing left beside it', async () => {
    const out = tempDir('write-async');
    await writeAtomicallyAsync(join(out, 'exp'), files('1'));
    // every file with its bytes, and nothing else (no folder entry, no temporary file)
    const given = new Map(Object.entries(files('1')).map(([rel, data]) => [rel, Buffer.from(data)]));
    expect(snapshot(join(out, 'exp'))).toEqual(new Map([...given].sort(([a], [b]) => a.localeCompare(b))));
    await writeAtomicallyAsync(join(out, 'exp'), files('2'));
    expect(readFileSync(join(out, 'exp', 'metrics.json'), 'utf8')).toBe('{"final":{"loss":2}}');
    expect([...readFileSync(join(out, 'exp', 'model', 'weights.bin'))]).toEqual([1, 2, 2]);
    expect(readdirSync(out).sort()).toEqual(['exp']);
  });

  for (const at of ['weights.bin', 'run.json']) {
    it(`a full disk at ${at}: an OutputError saying so, earlier results whole, no temporary folder`, async () => {
      const out = tempDir('write-async');
      await writeAtomicallyAsync(join(out, 'exp'), files('1'));
      const before = snapshot(join(out, 'exp'));
      await expect(writeAtomicallyAsync(join(out, 'exp'), files('2'), faulty(at, 'ENOSPC'))).rejects.toThrow(/cannot write results to .*exp: no space left.*earlier results are kept/);
      expect(snapshot(join(out, 'exp'))).toEqual(before);
      // The slowed files settle after the failure: nothing may reappear.
      await new Promise((r) => setTimeout(r, 60));
      expect(readdirSync(out)).toEqual(['exp']);
    });
  }

  it('refuses to replace a folder trainspec did not write', async () => {
    const out = tempDir('write-async');
    mkdirSync(join(out, 'exp'));
    writeFileSync(join(out, 'exp', 'notes.md'), 'mine\n');
    await expect(writeAtomicallyAsync(join(out, 'exp'), files('1'))).rejects.toThrow(OutputError);
    expect(readdirSync(join(out, 'exp'))).toEqual(['notes.md']);
  });
});
