/**
 * `trainspec watch [PATH...]`: brings every experiment up to date, then
 * reruns what each save changes. Editors save in many ways (in place,
 * write-then-rename, delete-then-create, bursts), so events are debounced
 * and a file that is briefly gone is looked at again after the quiet period.
 */
import chokidar, { type FSWatcher } from 'chokidar';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { expandPaths } from './files.js';
import { onInterrupt } from './interrupt.js';
import { formatIssue, plain, type Style } from './print-issues.js';
import { hostWarning, openInBrowser, startLiveOrSay, type LivePage } from '../serve/live.js';
import { formatChange } from '../compare/diff.js';
import { loadTf, type BackendChoice } from '../engine/tf.js';
import { preloadCharts } from '../results/charts.js';
import type { WatchEvent } from '../watch/events.js';
import { Watcher } from '../watch/watcher.js';
import { RootMonitor } from '../watch/roots.js';
import type { EngineChoice } from '../engine/fused/plan.js';

const DEBOUNCE_MS = 150;
const YAML = /\.ya?ml$/i;

interface WatchFlags {
  out: string;
  json?: boolean;
  quiet?: boolean;
  backend: BackendChoice;
  engine?: EngineChoice;
  set?: string[];
  allowOutsideData?: boolean;
  serve?: boolean;
  port?: number;
  host?: string;
  open?: boolean;
}

function printer(flags: WatchFlags, style: Style): (e: WatchEvent) => void {
  if (flags.json) return (e) => process.stdout.write(`${JSON.stringify(e)}\n`);
  const overrides = flags.set ?? [];
  const texts = new Map<string, string>();
  return (e) => {
    const out = (s: string) => process.stdout.write(`${s}\n`);
    switch (e.event) {
      case 'invalid':
        for (const i of e.issues) process.stderr.write(`${formatIssue(i, style, texts, overrides)}\n`);
        out(`${e.file}: invalid; keeping the last good results`);
        texts.clear();
        break;
      case 'started': if (!flags.quiet) out(`▶ ${e.name}`); break;
      case 'epoch':
        if (!flags.quiet && (e.epoch === e.epochs || e.epoch % Math.max(1, Math.round(e.epochs / 5)) === 0)) {
          out(`  ${e.name} ${e.epoch}/${e.epochs}  ${Object.entries(e.metrics).map(([k, v]) => `${k} ${v.toPrecision(4)}`).join('  ')}`);
        }
        break;
      case 'finished':
        out(`✓ ${e.name}: ${e.status} in ${(e.duration_ms / 1000).toFixed(1)} s`);
        for (const d of e.changes) out(`    ${d.metric.padEnd(14)} ${d.old ?? '—'} → ${d.new ?? '—'}  ${formatChange(d)}`);
        break;
      case 'cancelled': out(`✗ ${e.name}: cancelled (${e.reason})`); break;
      case 'up_to_date': out(`= ${e.name}: up to date`); break;
      case 'unchanged': out(`= ${e.file}: same content, nothing to rerun`); break;
      case 'removed': out(`- ${e.file}: removed`); break;
      case 'error': process.stderr.write(`${style.red('error')}: ${e.name}: ${e.message}\n`); break;
      case 'serving': out(`serving ${e.url} (read-only)`); break;
      case 'watching': out(`watching ${e.paths.join(', ')} (Ctrl-C to stop)`); break;
      case 'folder_removed': out(`- ${e.path}: folder removed; waiting for it to come back`); break;
      case 'folder_restored': out(`+ ${e.path}: folder back; watching it again`); break;
      case 'warning': process.stderr.write(`${style.yellow('warning')}: ${e.message}\n`); break;
      default: break;
    }
  };
}

/** A chokidar error as one line: a symlink loop is named as such, and not followed. */
function watchProblem(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const where = err.path ? `${relative(process.cwd(), err.path) || err.path}: ` : '';
  if (err.code === 'ELOOP') return `${where}a symbolic link loop; not followed`;
  if (err.code === 'EACCES' || err.code === 'EPERM') return `${where}permission denied; not watched`;
  return `${where}${err.message ?? String(e)}`;
}

/** The paths to watch (default experiments/), or null after saying which are missing. */
function watchedPaths(paths: string[]): string[] | null {
  const args = paths.length ? paths : ['experiments'];
  const missing = args.filter((a) => !existsSync(a));
  if (!missing.length) return args;
  const hint = paths.length ? '' : ' (create it with experiment files, or name the files or folders to watch)';
  process.stderr.write(`trainspec watch: no such file or folder: ${missing.join(', ')}${hint}\n`);
  return null;
}

/** What is watched: folders (recursively) and files named on the command line, and which paths are experiments. */
interface Scope {
  folders: string[];
  explicit: Set<string>;
  roots: string[];
  isExperiment: (p: string) => boolean;
}

function scopeOf(args: string[]): Scope {
  const folders = args.filter((a) => statSync(a).isDirectory()).map((a) => resolve(a));
  const explicit = new Set(args.filter((a) => !statSync(a).isDirectory()).map((a) => resolve(a)));
  const isExperiment = (p: string) => explicit.has(p) || (YAML.test(p) && !basename(p).startsWith('_') && folders.some((f) => p.startsWith(`${f}/`)) && !p.split('/').includes('data'));
  return { folders, explicit, roots: [...new Set([...folders, ...[...explicit].map(dirname)])], isExperiment };
}

/**
 * Folders recursively; every dependency's folder (bases, data files) at depth 0.
 * The watchers are ready before the first runs start, so no early edit is missed.
 * Symbolic links are not followed (as the folder scan does not follow them): no loops.
 */
async function openTrees(roots: string[], emit: (e: WatchEvent) => void): Promise<{ tree: FSWatcher; deps: FSWatcher }> {
  const tree: FSWatcher = chokidar.watch(roots, { ignoreInitial: true, followSymlinks: false, ignored: (p) => basename(p).startsWith('.') && p !== '.' });
  const deps: FSWatcher = chokidar.watch([], { ignoreInitial: true, depth: 0 });
  for (const w of [tree, deps]) w.on('error', (e) => emit({ event: 'warning', message: watchProblem(e) }));
  await new Promise<void>((r) => tree.once('ready', () => r()));
  return { tree, deps };
}

/**
 * A watched folder deleted or replaced: its experiments stop (like deleted files); once it is
 * back, it is watched anew and what it holds is brought up to date.
 */
function monitorRoots(scope: Scope, trees: { tree: FSWatcher; deps: FSWatcher }, depDirs: Set<string>, watcher: Watcher, emit: (e: WatchEvent) => void, syncDeps: () => void): RootMonitor {
  const shown = (dir: string) => relative(process.cwd(), dir) || '.';
  return new RootMonitor(scope.roots, {
    gone(dir) {
      emit({ event: 'folder_removed', path: shown(dir) });
      for (const f of watcher.trackedUnder(dir)) if (!existsSync(f)) watcher.refresh(f);
    },
    back(dir) {
      trees.tree.unwatch(dir);
      trees.tree.add(dir);
      const under = [...depDirs].filter((d) => d === dir || d.startsWith(`${dir}/`));
      trees.deps.unwatch(under);
      trees.deps.add(under);
      emit({ event: 'folder_restored', path: shown(dir) });
      const files = scope.folders.includes(dir) ? expandPaths([dir]).files : [...scope.explicit].filter((f) => dirname(f) === dir);
      for (const f of new Set([...files, ...watcher.trackedUnder(dir)])) watcher.refresh(f);
      syncDeps();
    },
  });
}

/**
 * When the first pass trained nothing (results up to date), tfjs and vega would load on the first
 * save: load them now, while watch waits (the first rerun's save-to-first-epoch: ~280 -> ~180 ms).
 * A failing backend is reported by the run that needs it.
 */
function warmUp(backend: BackendChoice): void {
  setTimeout(() => {
    loadTf(backend).catch(() => undefined);
    preloadCharts();
  }, 0);
}

/** The terminal's printer, and with --serve the live page, which gets every event the terminal gets (exit 2 if it cannot start). */
async function openLive(flags: WatchFlags, style: Style): Promise<{ emit: (e: WatchEvent) => void; live?: LivePage } | number> {
  const print = printer(flags, style);
  if (!flags.serve) return { emit: print };
  const live = await startLiveOrSay({ out: flags.out, host: flags.host, port: flags.port, describe: (i) => formatIssue(i, plain, new Map(), flags.set ?? []) });
  if (typeof live === 'string') {
    process.stderr.write(`trainspec watch: ${live}\n`);
    return 2;
  }
  const emit = (e: WatchEvent) => (print(e), live.emit(e));
  const exposed = flags.host ? hostWarning(flags.host) : null;
  if (exposed) emit({ event: 'warning', message: exposed });
  emit({ event: 'serving', url: live.url });
  if (flags.open) openInBrowser(live.url);
  return { emit, live };
}

export async function watchCommand(paths: string[], flags: WatchFlags, style: Style): Promise<number> {
  const args = watchedPaths(paths);
  if (!args) return 2;
  const opened = await openLive(flags, style);
  if (typeof opened === 'number') return opened;
  const { emit, live } = opened;
  const watcher = new Watcher({ out: flags.out, backend: flags.backend, engine: flags.engine, overrides: flags.set ?? [], emit, allowOutsideData: flags.allowOutsideData === true });
  const scope = scopeOf(args);
  const trees = await openTrees(scope.roots, emit);
  for (const f of expandPaths(args).files) watcher.refresh(f);
  const depDirs = new Set<string>();
  const syncDeps = () => {
    for (const d of watcher.dependencies().map(dirname)) if (!depDirs.has(d)) {
      depDirs.add(d);
      trees.deps.add(d);
    }
  };
  syncDeps();

  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    const changed = [...pending];
    pending.clear();
    const targets = new Set(watcher.affected(changed));
    for (const p of changed) if (scope.isExperiment(p) && (existsSync(p) || watcher.tracked(p))) targets.add(p);
    for (const t of targets) watcher.refresh(t);
    syncDeps();
  };
  const monitor = monitorRoots(scope, trees, depDirs, watcher, emit, syncDeps);
  const onEvent = (kind: string, p: string) => {
    const abs = resolve(p);
    if (kind === 'unlinkDir' && scope.roots.includes(abs)) monitor.lost(abs);
    pending.add(abs);
    clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  };
  for (const w of [trees.tree, trees.deps]) w.on('all', onEvent);
  monitor.start();
  emit({ event: 'watching', paths: args });
  warmUp(flags.backend);

  return new Promise<number>((done) => {
    // Ctrl-C / SIGTERM is how a watch ends: cancel the running work (it writes nothing) and exit 0.
    // A second one ends the process at once (bin/).
    const release = onInterrupt(async () => {
      release();
      clearTimeout(timer);
      monitor.stop();
      await watcher.close();
      await Promise.all([trees.tree.close(), trees.deps.close(), live?.close()]);
      done(0);
    });
  });
}
