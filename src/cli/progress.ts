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
  const multi = new cliProgress.MultiBar(
    { format: ' {name} [{bar}] {value}/{total} epochs  {metrics}  eta {eta_formatted}', hideCursor: true, clearOnComplete: false, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    start: (name, epochs) => bars.set(name, multi.create(epochs, 0, { name, metrics: '' })),
    epoch: (name, row) => bars.get(name)?.update(row.epoch, { metrics: fmt(row) }),
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
