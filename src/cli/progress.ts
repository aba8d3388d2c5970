/**
 * What a run shows while it trains: a bar per run on a terminal (epoch,
 * metrics, time left), a plain line every tenth of the epochs elsewhere.
 * Everything goes to stderr, so stdout stays clean for --json.
 */
import cliProgress from 'cli-progress';
import type { HistoryRow } from '../engine/train.js';

const fmt = (row: HistoryRow) =>
  Object.entries(row)
    .filter(([k]) => k !== 'epoch')
    .map(([k, v]) => `${k} ${Number.isFinite(v) ? v.toPrecision(4) : String(v)}`)
    .join('  ');

/**
 * The metrics that fit in `room` characters, whole entries from the left: a bar
 * line longer than the terminal wraps and smears, or gets cut mid-word (`los`).
 */
export function fitMetrics(row: HistoryRow, room: number): string {
  const parts = fmt(row).split('  ').filter(Boolean);
  while (parts.length && parts.join('  ').length > room) parts.pop();
  return parts.join('  ');
}

/** The room left for metrics on a bar line: ` NAME [BAR] E/E epochs  METRICS  eta 1234s`. */
export function metricsRoom(columns: number, name: string, epochs: number, barsize: number): number {
  const digits = String(epochs).length;
  return columns - (1 + name.length + 2 + barsize + 2 + 2 * digits + 1 + 7 + 2 + 2 + 4 + 6) - 1;
}

export interface Progress {
  start(name: string, epochs: number): void;
  epoch(name: string, row: HistoryRow, epochs: number): void;
  /** A line between the bars (a point finished, a run was skipped). */
  note(line: string): void;
  stop(): void;
}

export function makeProgress(mode: 'tty' | 'lines' | 'quiet', write = (s: string) => process.stderr.write(s)): Progress {
  if (mode === 'quiet') return { start() {}, epoch() {}, note() {}, stop() {} };
  if (mode === 'lines') {
    return {
      start: (name, epochs) => write(`${name}: training ${epochs} epochs\n`),
      epoch(name, row, epochs) {
        const every = Math.max(1, Math.round(epochs / 10));
        if (row.epoch % every === 0 || row.epoch === epochs || row.epoch === 1) write(`${name}: epoch ${row.epoch}/${epochs}  ${fmt(row)}\n`);
      },
      note: (line) => write(`${line}\n`),
      stop() {},
    };
  }
  // The terminal's width (read at each update: it may be resized); cli-progress cuts longer lines.
  const columns = () => process.stderr.columns || 80;
  const barsize = () => Math.max(10, Math.min(30, Math.floor(columns() / 5)));
  const multi = new cliProgress.MultiBar(
    { format: ' {name} [{bar}] {value}/{total} epochs  {metrics}  eta {eta_formatted}', hideCursor: true, clearOnComplete: false, stream: process.stderr, barsize: barsize() },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    start: (name, epochs) => bars.set(name, multi.create(epochs, 0, { name, metrics: '' })),
    epoch: (name, row, epochs) => bars.get(name)?.update(row.epoch, { metrics: fitMetrics(row, metricsRoom(columns(), name, epochs, barsize())) }),
    note(line) {
      multi.log(`${line}\n`);
      for (const [name, bar] of bars) if (bar.getProgress() >= 1) {
        multi.remove(bar);
        bars.delete(name);
      }
    },
    stop: () => multi.stop(),
  };
}
