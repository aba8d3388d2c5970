/**
 * The heart of watch mode, without the file watcher itself: given "these
 * files changed", it reloads the experiments that read them, reruns exactly
 * the runs (or sweep points) whose resolved content or data changed,
 * cancels stale runs, and keeps the last good results on a bad edit.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fsHost } from '../load/fs-host.js';
import { planSweep } from '../sweep/plan.js';
import { diffMetrics } from '../compare/diff.js';
import { hasErrors } from '../load/issues.js';
import { loadExperiment, type LoadResult } from '../load/load.js';
import type { DataFile } from '../load/data-facts.js';
import type { ResolvedExperiment } from '../load/resolve.js';
import { contentHash } from '../results/record.js';
import { writeFilesAtomically } from '../results/write.js';
import { executeRun, readFinal } from '../runner/execute.js';
import { readPoints, summaryFiles } from '../sweep/summary.js';
import type { BackendChoice } from '../engine/tf.js';
import type { EngineChoice } from '../engine/fused/plan.js';
import type { Emit } from './events.js';

interface Unit {
  dir: string;
  name: string;
  experiment: ResolvedExperiment;
  dataFiles: DataFile[];
  point?: Record<string, unknown>;
}
interface UnitState {
  hash: string;
  controller: AbortController;
  done: Promise<void>;
}
interface FileState {
  deps: Set<string>;
  units: string[];
}

export interface WatcherOptions {
  out: string;
  backend: BackendChoice;
  engine?: EngineChoice;
  /** `--set path=value` overrides, applied to every experiment. */
  overrides?: readonly string[];
  emit: Emit;
  cwd?: string;
  allowOutsideData?: boolean;
}

export class Watcher {
  private readonly files = new Map<string, FileState>();
  private readonly units = new Map<string, UnitState>();
  private readonly out: string;

  constructor(private readonly o: WatcherOptions) {
    this.out = resolve(o.cwd ?? process.cwd(), o.out);
  }

  /** Every file some experiment reads (for the file watcher). */
  dependencies(): string[] {
    return [...new Set([...this.files.values()].flatMap((f) => [...f.deps]))];
  }

  /** Experiment files that read any of `changed` (or are themselves changed). */
  affected(changed: string[]): string[] {
    const set = new Set(changed.map((c) => resolve(c)));
    return [...this.files].filter(([file, st]) => set.has(file) || [...st.deps].some((d) => set.has(d))).map(([f]) => f);
  }

  tracked(file: string): boolean {
    return this.files.has(resolve(file));
  }

  /** The experiment files being watched under `dir`. */
  trackedUnder(dir: string): string[] {
    return [...this.files.keys()].filter((f) => f.startsWith(`${dir}/`));
  }

  /** Reloads one experiment file and reruns what changed. */
  refresh(fileArg: string): void {
    const file = resolve(fileArg);
    const shown = relative(this.o.cwd ?? process.cwd(), file) || file;
    if (!existsSync(file)) {
      const st = this.files.get(file);
      if (st) for (const dir of st.units) this.cancel(dir);
      this.files.delete(file);
      this.o.emit({ event: 'removed', file: shown });
      return;
    }
    const load = loadExperiment(file, { host: fsHost, overrides: this.o.overrides ?? [], allowOutsideData: this.o.allowOutsideData === true });
    const previous = this.files.get(file);
    const deps = new Set([file, ...load.reads.map((r) => resolve(r))]);
    if (hasErrors(load.issues) || !load.experiment) {
      // Keep the last good results and runs; watch the new dependencies too, so a fix is seen.
      this.files.set(file, { deps: new Set([...(previous?.deps ?? []), ...deps]), units: previous?.units ?? [] });
      this.o.emit({ event: 'invalid', file: shown, issues: load.issues });
      return;
    }
    this.o.emit({ event: 'validated', file: shown });
    const units = this.unitsOf(load);
    if (!units) return;
    const dirs = units.map((u) => u.dir);
    for (const old of previous?.units ?? []) if (!dirs.includes(old)) this.cancel(old);
    this.files.set(file, { deps, units: dirs });
    let changed = 0;
    for (const u of units) if (this.schedule(u, shown)) changed++;
    if (changed === 0 && previous) this.o.emit({ event: 'unchanged', file: shown });
    const sweepDir = units[0]?.point ? join(this.out, load.experiment.name) : null;
    // A summary that cannot be written (a full disk) is reported, not an unhandled rejection.
    if (sweepDir && changed > 0) this.summarizeWhenDone(sweepDir, units, load.experiment).catch((e: unknown) => this.o.emit({ event: 'error', name: load.experiment!.name, message: (e as Error).message }));
  }

  private unitsOf(load: LoadResult): Unit[] | null {
    const x = load.experiment!;
    const plan = planSweep(load, []);
    if (!plan) return [{ dir: join(this.out, x.name), name: x.name, experiment: x, dataFiles: load.dataFiles }];
    if (hasErrors(plan.issues)) {
      this.o.emit({ event: 'invalid', file: load.file, issues: plan.issues });
      return null;
    }
    return plan.points.map((p) => ({
      dir: join(this.out, x.name, p.slug), name: `${x.name}/${p.slug}`, experiment: p.experiment, dataFiles: p.dataFiles,
      point: { slug: p.slug, group: p.group, seed: p.seed, rank_by: x.sweep?.rank_by ?? null, changes: Object.fromEntries(p.changes.map((c) => [c.path, c.value])) },
    }));
  }

  /** Starts a unit's run unless the same content is already running or done; true when it (re)starts. */
  private schedule(u: Unit, file: string): boolean {
    const { hash } = contentHash(u.experiment, u.dataFiles);
    const st = this.units.get(u.dir);
    if (st && st.hash === hash) return false;
    if (st) st.controller.abort();
    this.o.emit({ event: 'queued', name: u.name, file });
    const controller = new AbortController();
    const previous = st?.done ?? Promise.resolve();
    const done = previous.then(() => this.execute(u, file, controller));
    this.units.set(u.dir, { hash, controller, done });
    return true;
  }

  private async execute(u: Unit, file: string, controller: AbortController): Promise<void> {
    const { emit } = this.o;
    if (controller.signal.aborted) return;
    const before = readFinal(u.dir);
    try {
      const r = await executeRun(u.experiment, { yamlFile: resolve(file), dataFiles: u.dataFiles }, {
        out: this.out, subdir: relative(this.out, u.dir), backend: this.o.backend, engine: this.o.engine, signal: controller.signal, point: u.point,
        onStart: () => emit({ event: 'started', name: u.name, file, results_dir: u.dir }),
        onEpoch: (row, epochs) => {
          const { epoch, ...metrics } = row;
          emit({ event: 'epoch', name: u.name, epoch, epochs, metrics });
        },
      });
      if (r.status === 'up_to_date') emit({ event: 'up_to_date', name: u.name, results_dir: u.dir });
      else if (r.status === 'cancelled') emit({ event: 'cancelled', name: u.name, results_dir: u.dir, reason: 'superseded' });
      else {
        const changes = diffMetrics(new Map([[u.name, { final: before }]]), new Map([[u.name, { final: r.metrics }]])).filter((d) => d.changed);
        emit({ event: 'finished', name: u.name, status: r.status, results_dir: u.dir, metrics: r.metrics, changes, duration_ms: r.duration_ms });
      }
    } catch (e) {
      emit({ event: 'error', name: u.name, message: (e as Error).message });
    }
  }

  private async summarizeWhenDone(dir: string, units: Unit[], x: ResolvedExperiment): Promise<void> {
    await this.idle();
    const present = readPoints(dir, units.map((u) => relative(dir, u.dir)));
    if (present.length) writeFilesAtomically(dir, await summaryFiles(x.name, present, (x.sweep?.rank_by as string | undefined) ?? undefined));
  }

  private cancel(dir: string): void {
    const st = this.units.get(dir);
    if (!st) return;
    st.controller.abort();
    this.units.delete(dir);
  }

  /** Resolves when no run is going. */
  async idle(): Promise<void> {
    for (;;) {
      const pending = [...this.units.values()].map((u) => u.done);
      await Promise.all(pending);
      if ([...this.units.values()].every((u) => pending.includes(u.done))) return;
    }
  }

  /** Cancels everything and waits for the runs to stop (nothing half-written stays). */
  async close(): Promise<void> {
    for (const u of this.units.values()) u.controller.abort();
    await this.idle();
  }
}
