/** `trainspec watch --json` as a child process on a temporary folder, checked from its events. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, tempDir } from './run-helpers.js';
import { csvExp, exp } from './watch-fixtures.js';

type Ev = { event: string; path?: string; message?: string; name?: string; file?: string; results_dir?: string; issues?: { line: number; column: number; code: string }[]; epoch?: number };

class Session {
  events: Ev[] = [];
  private waiters: { pred: (e: Ev) => boolean; resolve: (e: Ev) => void }[] = [];
  readonly child: ChildProcess;
  constructor(readonly dir: string, extra: string[] = []) {
    this.child = spawn(process.execPath, [BIN, 'watch', 'exp', '--json', '--backend', 'cpu', ...extra], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const e = JSON.parse(buf.slice(0, i)) as Ev;
        buf = buf.slice(i + 1);
        this.events.push(e);
        this.waiters = this.waiters.filter((w) => (w.pred(e) ? (w.resolve(e), false) : true));
      }
    });
  }
  /** The first event at or after index `from` matching `pred`. */
  next(pred: (e: Ev) => boolean, from = 0, ms = 20_000): Promise<Ev> {
    const hit = this.events.slice(from).find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no matching event in ${ms} ms; got ${JSON.stringify(this.events.slice(from).map((e) => e.event))}`)), ms);
      this.waiters.push({ pred, resolve: (e) => (clearTimeout(t), resolve(e)) });
    });
  }
  since(from: number) {
    return this.events.slice(from);
  }
  /** Waits until nothing happens for `ms`. */
  async quiet(ms = 1200): Promise<void> {
    for (;;) {
      const n = this.events.length;
      await new Promise((r) => setTimeout(r, ms));
      if (this.events.length === n) return;
    }
  }
  stop(): Promise<number | null> {
    return new Promise((r) => {
      if (this.child.exitCode !== null) return r(this.child.exitCode);
      this.child.once('exit', (code) => r(code));
      this.child.kill('SIGINT');
    });
  }
}

let session: Session | null = null;
afterEach(async () => {
  await session?.stop();
  session = null;
});

function setup(files: Record<string, string>): string {
  const dir = tempDir('watch');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}
const started = (name: string) => (e: Ev) => e.event === 'started' && e.name === name;
const finished = (name: string) => (e: Ev) => e.event === 'finished' && e.name === name;

describe('trainspec watch', () => {
  it('brings experiments up to date, then reruns only what an edit changes', async () => {
    const dir = setup({ 'exp/a.yaml': exp(3), 'exp/b.yaml': exp(3) });
    session = new Session(dir);
    await session.next(finished('a'));
    await session.next(finished('b'));
    await session.next((e) => e.event === 'watching');
    await session.quiet();

    // An edit of a: only a reruns.
    let mark = session.events.length;
    writeFileSync(join(dir, 'exp/a.yaml'), exp(4));
    await session.next(finished('a'), mark);
    await session.quiet();
    expect(session.since(mark).filter((e) => e.event === 'started').map((e) => e.name)).toEqual(['a']);

    // A comment-only edit reruns nothing.
    mark = session.events.length;
    writeFileSync(join(dir, 'exp/a.yaml'), `# a comment\n${exp(4)}`);
    await session.next((e) => e.event === 'unchanged', mark);
    await session.quiet();
    expect(session.since(mark).some((e) => e.event === 'started')).toBe(false);

    // A rename-over save (write a temp file, rename it over) gives exactly one rerun.
    mark = session.events.length;
    writeFileSync(join(dir, 'exp/.a.yaml.swp'), exp(5));
    renameSync(join(dir, 'exp/.a.yaml.swp'), join(dir, 'exp/a.yaml'));
    await session.next(finished('a'), mark);
    await session.quiet();
    expect(session.since(mark).filter((e) => e.event === 'started')).toHaveLength(1);

    // Delete-then-create: the file is briefly gone, its watch goes on, one rerun.
    mark = session.events.length;
    rmSync(join(dir, 'exp/a.yaml'));
    await new Promise((r) => setTimeout(r, 30));
    writeFileSync(join(dir, 'exp/a.yaml'), exp(6));
    await session.next(finished('a'), mark);
    await session.quiet();
    expect(session.since(mark).filter((e) => e.event === 'started')).toHaveLength(1);
    expect(session.since(mark).some((e) => e.event === 'removed')).toBe(false);

    // Several writes in a row (a burst) give one rerun too.
    mark = session.events.length;
    for (const n of [6, 7, 8]) writeFileSync(join(dir, 'exp/b.yaml'), exp(n));
    await session.next(finished('b'), mark);
    await session.quiet();
    expect(session.since(mark).filter((e) => e.event === 'started').map((e) => e.name)).toEqual(['b']);
    expect(await session.stop()).toBe(0);
  });

  it('reruns every experiment that reads an edited data file', async () => {
    const rows = ['x1,x2,y', ...Array.from({ length: 40 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 2}`)].join('\n');
    const dir = setup({ 'exp/one.yaml': csvExp(2), 'exp/two.yaml': csvExp(3), 'exp/data/shared.csv': `${rows}\n` });
    session = new Session(dir);
    await session.next(finished('one'));
    await session.next(finished('two'));
    await session.quiet();
    const mark = session.events.length;
    writeFileSync(join(dir, 'exp/data/shared.csv'), `${rows}\n0.5,0.5,1\n`);
    await session.next(finished('one'), mark);
    await session.next(finished('two'), mark);
    await session.quiet();
    expect(session.since(mark).filter((e) => e.event === 'started').map((e) => e.name).sort()).toEqual(['one', 'two']);
  });

  it('reports a bad edit with line and column, stays up, and reruns once it is fixed', async () => {
    const dir = setup({ 'exp/a.yaml': exp(2) });
    session = new Session(dir);
    await session.next(finished('a'));
    await session.quiet();
    const before = readFileSync(join(dir, 'results/a/metrics.json'), 'utf8');
    let mark = session.events.length;
    writeFileSync(join(dir, 'exp/a.yaml'), exp(2).replace('optimizer: adam', 'optimizer: rsmprop'));
    const bad = await session.next((e) => e.event === 'invalid', mark);
    expect(bad.issues![0]).toMatchObject({ code: 'unknown-name', line: 5 });
    expect(bad.issues![0]!.column).toBeGreaterThan(1);
    await session.quiet();
    expect(session.child.exitCode).toBeNull();
    expect(readFileSync(join(dir, 'results/a/metrics.json'), 'utf8')).toBe(before);
    mark = session.events.length;
    writeFileSync(join(dir, 'exp/a.yaml'), exp(2).replace('optimizer: adam', 'optimizer: rmsprop'));
    await session.next(finished('a'), mark);
  });

  it('cancels a run when its file changes during training; the cancelled run writes nothing', async () => {
    const dir = setup({ 'exp/a.yaml': exp(300000) });
    session = new Session(dir);
    await session.next((e) => e.event === 'epoch' && e.name === 'a');
    const mark = session.events.length;
    writeFileSync(join(dir, 'exp/a.yaml'), exp(2));
    await session.next((e) => e.event === 'cancelled' && e.name === 'a', mark);
    const done = await session.next(finished('a'), mark);
    const metrics = JSON.parse(readFileSync(join(done.results_dir!, 'metrics.json'), 'utf8')) as { epochs_run: number };
    expect(metrics.epochs_run).toBe(2);
  });

  it('stops the run of a deleted file, and exits 0 on SIGINT mid-run without writing', async () => {
    const dir = setup({ 'exp/a.yaml': exp(300000), 'exp/b.yaml': exp(300000, 'seed: 1') });
    session = new Session(dir);
    await session.next((e) => e.event === 'epoch' && e.name === 'a');
    const mark = session.events.length;
    rmSync(join(dir, 'exp/a.yaml'));
    await session.next((e) => e.event === 'removed', mark);
    await session.next((e) => e.event === 'cancelled' && e.name === 'a', mark);
    await session.next((e) => e.event === 'epoch' && e.name === 'b', session.events.length);
    const t0 = Date.now();
    expect(await session.stop()).toBe(0);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(existsSync(join(dir, 'results/a'))).toBe(false);
    expect(existsSync(join(dir, 'results/b'))).toBe(false);
  });

  it('survives its folder being deleted and recreated (rm -rf && mkdir, a checkout), and says so', async () => {
    const dir = setup({ 'exp/a.yaml': exp(2) });
    session = new Session(dir);
    await session.next(finished('a'), 0, 60_000);
    await session.quiet();
    // Deleted: said, the file's run stopped, and watch stays up.
    let mark = session.events.length;
    rmSync(join(dir, 'exp'), { recursive: true });
    await session.next((e) => e.event === 'folder_removed' && e.path === 'exp', mark);
    await session.next((e) => e.event === 'removed' && e.file === join('exp', 'a.yaml'), mark);
    await session.quiet();
    expect(session.child.exitCode).toBeNull();
    // Back (as a checkout brings it): watched again, and its experiment brought up to date.
    mark = session.events.length;
    mkdirSync(join(dir, 'exp'));
    writeFileSync(join(dir, 'exp/a.yaml'), exp(2));
    await session.next((e) => e.event === 'folder_restored' && e.path === 'exp', mark);
    await session.next((e) => e.event === 'up_to_date' && e.name === 'a', mark);
    await session.quiet();
    // Replaced in one go: still watched; an edit in the new folder reruns.
    rmSync(join(dir, 'exp'), { recursive: true });
    mkdirSync(join(dir, 'exp'));
    writeFileSync(join(dir, 'exp/a.yaml'), exp(2));
    await session.quiet();
    mark = session.events.length;
    writeFileSync(join(dir, 'exp/a.yaml'), exp(3));
    await session.next(finished('a'), mark);
    expect(session.child.exitCode).toBeNull();
    expect(await session.stop()).toBe(0);
  }, 120_000);

  it('reports a directory symlink loop as a warning and goes on watching', async () => {
    const dir = setup({ 'exp/a.yaml': exp(2) });
    symlinkSync('self', join(dir, 'exp/self'));
    symlinkSync('..', join(dir, 'exp/up'));
    session = new Session(dir);
    await session.next(finished('a'), 0, 60_000);
    const warning = await session.next((e) => e.event === 'warning');
    expect(warning.message).toMatch(/self: a symbolic link loop; not followed/);
    await session.quiet();
    const mark = session.events.length;
    writeFileSync(join(dir, 'exp/a.yaml'), exp(3));
    await session.next(finished('a'), mark);
    expect(session.child.exitCode).toBeNull();
  }, 120_000);

  it('takes --set and --engine like run', async () => {
    const dir = setup({ 'exp/a.yaml': exp(2) });
    session = new Session(dir, ['--set', 'fit.epochs=3', '--engine', 'tfjs']);
    const done = await session.next(finished('a'), 0, 60_000);
    const metrics = JSON.parse(readFileSync(join(done.results_dir!, 'metrics.json'), 'utf8')) as { epochs_run: number };
    expect(metrics.epochs_run).toBe(3);
    expect((JSON.parse(readFileSync(join(done.results_dir!, 'run.json'), 'utf8')) as { engine: string }).engine).toBe('tfjs');
  }, 120_000);

  it('--quiet prints what finished, without the progress lines', async () => {
    const dir = setup({ 'exp/a.yaml': exp(10) });
    const child = spawn(process.execPath, [BIN, 'watch', 'exp', '--quiet', '--backend', 'cpu'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (/✓ a: ok/.test(out)) resolve();
      });
    });
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
    expect(out).toMatch(/^watching exp/m);
    expect(out).not.toMatch(/▶|\d+\/10 {2}loss/);
  }, 120_000);
});
