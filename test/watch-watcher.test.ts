/**
 * Watch mode's core (src/watch/watcher.ts) in this process: told which files changed, it reruns exactly what an edit
 * changes, keeps the last good results on a bad edit, reruns every experiment that reads an edited data file, cancels
 * a superseded or deleted run without writing, and summarizes a sweep. Each step waits for the runs to end (idle()),
 * so nothing here depends on timing. The file watching itself (chokidar, a long-running process, signals) is
 * watch.test.ts and watch-signals.test.ts, in the slow tier.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../src/watch/events.js';
import { Watcher, type WatcherOptions } from '../src/watch/watcher.js';
import { tempDir } from './run-helpers.js';
import { csvExp, exp } from './watch-fixtures.js';

/** A project folder with `files`, and a Watcher on it that records its events. */
function session(files: Record<string, string>, opts: Partial<WatcherOptions> = {}) {
  const dir = tempDir('watcher');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  const events: WatchEvent[] = [];
  const w = new Watcher({ out: join(dir, 'results'), backend: 'cpu', cwd: dir, emit: (e) => events.push(e), ...opts });
  const file = (rel: string) => join(dir, rel);
  /** Events since `from`, as `event name-or-file`. */
  const since = (from: number) => events.slice(from).map((e) => `${e.event} ${'name' in e ? e.name : 'file' in e ? e.file : ''}`);
  /** The first event matching `pred`, waiting for it (a run emits while it trains). */
  const next = async (pred: (e: WatchEvent) => boolean) => {
    for (let i = 0; i < 3000; i++) {
      const hit = events.find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no such event in ${events.map((e) => e.event).join(', ')}`);
  };
  return { dir, w, events, file, since, next };
}

const epochsRun = (resultsDir: string) => (JSON.parse(readFileSync(join(resultsDir, 'metrics.json'), 'utf8')) as { epochs_run: number }).epochs_run;

describe('the watcher', () => {
  it('brings experiments up to date, then reruns only what an edit changes; a comment-only edit reruns nothing', async () => {
    const s = session({ 'exp/a.yaml': exp(3), 'exp/b.yaml': exp(3) });
    s.w.refresh(s.file('exp/a.yaml'));
    s.w.refresh(s.file('exp/b.yaml'));
    await s.w.idle();
    expect(s.since(0).filter((e) => /^(started|finished)/.test(e)).sort()).toEqual(['finished a', 'finished b', 'started a', 'started b']);
    expect(epochsRun(join(s.dir, 'results/a'))).toBe(3);

    let mark = s.events.length;
    writeFileSync(s.file('exp/a.yaml'), exp(4));
    for (const f of s.w.affected([s.file('exp/a.yaml')])) s.w.refresh(f);
    await s.w.idle();
    expect(s.since(mark)).toEqual(expect.arrayContaining(['started a', 'finished a']));
    expect(s.since(mark).filter((e) => e.startsWith('started'))).toEqual(['started a']);
    expect(epochsRun(join(s.dir, 'results/a'))).toBe(4);

    mark = s.events.length;
    writeFileSync(s.file('exp/a.yaml'), `# a comment\n${exp(4)}`);
    s.w.refresh(s.file('exp/a.yaml'));
    await s.w.idle();
    expect(s.since(mark)).toEqual(['validated exp/a.yaml', 'unchanged exp/a.yaml']);
  });

  it('reports a bad edit with line and column, keeps the last good results, and reruns once it is fixed', async () => {
    const s = session({ 'exp/a.yaml': exp(2) });
    s.w.refresh(s.file('exp/a.yaml'));
    await s.w.idle();
    const before = readFileSync(join(s.dir, 'results/a/metrics.json'), 'utf8');
    let mark = s.events.length;
    writeFileSync(s.file('exp/a.yaml'), exp(2).replace('optimizer: adam', 'optimizer: rsmprop'));
    s.w.refresh(s.file('exp/a.yaml'));
    await s.w.idle();
    const bad = s.events.slice(mark);
    expect(bad.map((e) => e.event)).toEqual(['invalid']);
    const issue = (bad[0] as Extract<WatchEvent, { event: 'invalid' }>).issues[0]!;
    expect(issue).toMatchObject({ code: 'unknown-name', line: 5 });
    expect(issue.column).toBeGreaterThan(1);
    expect(readFileSync(join(s.dir, 'results/a/metrics.json'), 'utf8')).toBe(before);
    mark = s.events.length;
    writeFileSync(s.file('exp/a.yaml'), exp(2).replace('optimizer: adam', 'optimizer: rmsprop'));
    s.w.refresh(s.file('exp/a.yaml'));
    await s.w.idle();
    expect(s.since(mark)).toEqual(expect.arrayContaining(['started a', 'finished a']));
    expect(readFileSync(join(s.dir, 'results/a/metrics.json'), 'utf8')).not.toBe(before);
  });

  it('reruns every experiment that reads an edited data file', async () => {
    const rows = ['x1,x2,y', ...Array.from({ length: 40 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 2}`)].join('\n');
    const s = session({ 'exp/one.yaml': csvExp(2), 'exp/two.yaml': csvExp(3), 'exp/other.yaml': exp(2), 'exp/data/shared.csv': `${rows}\n` });
    for (const f of ['one', 'two', 'other']) s.w.refresh(s.file(`exp/${f}.yaml`));
    await s.w.idle();
    expect(s.w.dependencies()).toContain(s.file('exp/data/shared.csv'));
    const mark = s.events.length;
    writeFileSync(s.file('exp/data/shared.csv'), `${rows}\n0.5,0.5,1\n`);
    const affected = s.w.affected([s.file('exp/data/shared.csv')]);
    expect(affected.sort()).toEqual([s.file('exp/one.yaml'), s.file('exp/two.yaml')]);
    for (const f of affected) s.w.refresh(f);
    await s.w.idle();
    expect(s.since(mark).filter((e) => e.startsWith('started')).sort()).toEqual(['started one', 'started two']);
  });

  it('cancels a run when its file changes during training (the cancelled run writes nothing), and a deleted file\'s run', async () => {
    const s = session({ 'exp/a.yaml': exp(300000), 'exp/b.yaml': exp(300000, 'seed: 1') });
    s.w.refresh(s.file('exp/a.yaml'));
    await s.next((e) => e.event === 'epoch' && e.name === 'a');
    writeFileSync(s.file('exp/a.yaml'), exp(2));
    s.w.refresh(s.file('exp/a.yaml'));
    await s.w.idle();
    expect(s.since(0)).toEqual(expect.arrayContaining(['cancelled a', 'finished a']));
    expect(s.since(0).indexOf('cancelled a')).toBeLessThan(s.since(0).indexOf('finished a'));
    expect(epochsRun(join(s.dir, 'results/a'))).toBe(2);

    s.w.refresh(s.file('exp/b.yaml'));
    await s.next((e) => e.event === 'epoch' && e.name === 'b');
    const mark = s.events.length;
    rmSync(s.file('exp/b.yaml'));
    s.w.refresh(s.file('exp/b.yaml'));
    // a deleted file's run is dropped from the watcher at once (idle() does not wait for it): wait for its end
    await s.next((e) => e.event === 'cancelled' && e.name === 'b');
    expect(s.since(mark).filter((e) => !e.startsWith('epoch'))).toEqual(['removed exp/b.yaml', 'cancelled b']);
    expect(s.w.tracked(s.file('exp/b.yaml'))).toBe(false);
    expect(existsSync(join(s.dir, 'results/b'))).toBe(false);
    await s.w.close();
  });

  it('takes --set and --engine like run, and writes a sweep\'s points and its summary', async () => {
    const s = session({ 'exp/a.yaml': exp(2), 'exp/s.yaml': exp(2, 'sweep:\n  grid:\n    compile.optimizer: [adam, sgd]\n') },
      { overrides: ['fit.epochs=3'], engine: 'tfjs' });
    s.w.refresh(s.file('exp/a.yaml'));
    s.w.refresh(s.file('exp/s.yaml'));
    await s.w.idle();
    expect(epochsRun(join(s.dir, 'results/a'))).toBe(3);
    expect((JSON.parse(readFileSync(join(s.dir, 'results/a/run.json'), 'utf8')) as { engine: string }).engine).toBe('tfjs');
    expect(s.since(0).filter((e) => e.startsWith('finished')).sort()).toEqual(['finished a', 'finished s/optimizer=adam', 'finished s/optimizer=sgd']);
    // the summary is written once every point is done
    await s.next(() => existsSync(join(s.dir, 'results/s/summary.json')));
    expect(readFileSync(join(s.dir, 'results/s/summary.md'), 'utf8')).toMatch(/optimizer=adam[\s\S]*optimizer=sgd|optimizer=sgd[\s\S]*optimizer=adam/);
  });
});
