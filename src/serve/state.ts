/**
 * The server's picture of every experiment, kept up to date from the watcher's events, so
 * a tab opened mid-run gets it whole first and then only what changes. Each event becomes
 * at most a few small messages: an epoch sends its one row, not the run's history.
 */
import { basename, dirname } from 'node:path';
import type { Issue } from '../load/issues.js';
import { readPoints, type PointResult } from '../sweep/summary.js';
import type { WatchEvent } from '../watch/events.js';
import { emptyRun, MAX_ROWS, statusOf, type FileIssues, type RunEntry, type Snapshot, type SweepView } from './model.js';
import { readRun, scanResults, sweepView } from './scan.js';

export type Message =
  | { type: 'run'; run: RunEntry }
  | { type: 'epoch'; name: string; epoch: number; epochs: number; row: RunEntry['history'][number] }
  | { type: 'sweep'; sweep: SweepView }
  | { type: 'issues'; file: string; issues: FileIssues | null };

export interface LiveStateOptions {
  out: string;
  title: string;
  /** How an issue reads in the terminal (with its code frame); the page shows the same text. */
  describe: (i: Issue) => string;
}

export class LiveState {
  private readonly runs = new Map<string, RunEntry>();
  private readonly sweeps = new Map<string, SweepView>();
  private readonly points = new Map<string, PointResult>();
  private readonly invalid = new Map<string, FileIssues>();

  constructor(private readonly o: LiveStateOptions) {
    const found = scanResults(o.out);
    for (const r of found.runs) this.runs.set(r.name, r);
    for (const s of found.sweeps) this.sweeps.set(s.name, s);
    for (const [k, p] of found.points) this.points.set(k, p);
  }

  snapshot(): Snapshot {
    return { title: this.o.title, live: true, runs: [...this.runs.values()], sweeps: [...this.sweeps.values()], invalid: [...this.invalid.values()] };
  }

  private run(name: string): RunEntry {
    let r = this.runs.get(name);
    if (!r) {
      r = emptyRun(name);
      this.runs.set(name, r);
    }
    return r;
  }

  private runsOf(file: string): RunEntry[] {
    return [...this.runs.values()].filter((r) => r.file === file);
  }

  /** Applies one watcher event; returns the messages every open page needs. */
  apply(e: WatchEvent): Message[] {
    switch (e.event) {
      case 'queued': return [this.update(e.name, { status: 'queued', file: e.file, stale: false, message: null })];
      case 'started': return [this.update(e.name, { status: 'training', file: e.file, epoch: 0, history: [], message: null })];
      case 'epoch': return this.epoch(e);
      case 'finished': return this.finished(e.name, e.results_dir, e.status);
      case 'up_to_date': return this.finished(e.name, e.results_dir, 'up_to_date');
      case 'cancelled': return [this.update(e.name, { status: 'cancelled' })];
      case 'error': return [this.update(e.name, { status: 'error', message: e.message })];
      case 'invalid': return this.markInvalid(e.file, e.issues);
      case 'validated': return this.markValid(e.file);
      case 'removed': return [...this.markValid(e.file), ...this.runsOf(e.file).map((r) => this.update(r.name, { status: 'removed' }))];
      default: return [];
    }
  }

  private update(name: string, change: Partial<RunEntry>): Message {
    const r = Object.assign(this.run(name), change);
    return { type: 'run', run: r };
  }

  private epoch(e: Extract<WatchEvent, { event: 'epoch' }>): Message[] {
    const r = this.run(e.name);
    const row = { epoch: e.epoch, ...e.metrics };
    r.status = 'training';
    r.epoch = e.epoch;
    r.epochs = e.epochs;
    r.history.push(row);
    if (r.history.length > MAX_ROWS) r.history.splice(0, r.history.length - MAX_ROWS);
    return [{ type: 'epoch', name: e.name, epoch: e.epoch, epochs: e.epochs, row }];
  }

  /** A run ended: its folder is what it wrote (history, final metrics, point), read back whole. */
  private finished(name: string, dir: string, status: string): Message[] {
    const before = this.run(name);
    const read = readRun(dir, name);
    const after: RunEntry = read ? { ...read, file: before.file, status: statusOf(status) } : { ...before, status: statusOf(status) };
    this.runs.set(name, after);
    const out: Message[] = [{ type: 'run', run: after }];
    if (after.sweep) out.push(...this.resweep(after.sweep, name, dir));
    return out;
  }

  private resweep(sweep: string, name: string, dir: string): Message[] {
    const [p] = scanOne(dir);
    if (!p) return [];
    this.points.set(name, p);
    const all = [...this.points].filter(([k]) => k.startsWith(`${sweep}/`)).map(([, v]) => v);
    const view = sweepView(sweep, all);
    this.sweeps.set(sweep, view);
    return [{ type: 'sweep', sweep: view }];
  }

  private markInvalid(file: string, issues: Issue[]): Message[] {
    const errors = issues.filter((i) => i.severity === 'error');
    const shown = errors.length ? errors : issues;
    const entry: FileIssues = { file, texts: shown.map((i) => this.o.describe(i)), lines: shown.map((i) => i.line) };
    this.invalid.set(file, entry);
    return [{ type: 'issues', file, issues: entry }, ...this.runsOf(file).map((r) => this.update(r.name, { stale: true }))];
  }

  private markValid(file: string): Message[] {
    if (!this.invalid.delete(file)) return [];
    return [{ type: 'issues', file, issues: null }, ...this.runsOf(file).map((r) => this.update(r.name, { stale: false }))];
  }
}

function scanOne(dir: string): PointResult[] {
  try {
    return readPoints(dirname(dir), [basename(dir)]);
  } catch {
    return [];
  }
}
