/** Formats for files meant for git: sorted keys, 6 significant digits, no timestamps. */
import { createHash } from 'node:crypto';

/** 6 significant digits; NaN and infinities become null (JSON has no such numbers). */
export function round6(v: number): number | null {
  if (!Number.isFinite(v)) return null;
  const r = Number(v.toPrecision(6));
  return Object.is(r, -0) ? 0 : r;
}

/** A copy with object keys sorted at every level (lists keep their order). */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

export const stableJson = (v: unknown): string => `${JSON.stringify(sortKeys(v), null, 2)}\n`;

export const sha256 = (data: string | Uint8Array): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** Rounds every number of a flat record. */
export function roundAll(values: Record<string, number>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, round6(v)]));
}

/** One row per epoch: epoch, the training metrics, then their val_ twins. */
export function historyCsv(history: ({ epoch: number } & Record<string, number>)[]): string {
  const keys = new Set<string>();
  for (const row of history) for (const k of Object.keys(row)) if (k !== 'epoch') keys.add(k);
  const train = [...keys].filter((k) => !k.startsWith('val_'));
  const cols = ['epoch', ...train, ...train.map((k) => `val_${k}`).filter((k) => keys.has(k))];
  const cell = (v: number | undefined) => (v === undefined ? '' : Number.isFinite(v) ? String(round6(v)) : String(v).toLowerCase());
  return `${cols.join(',')}\n${history.map((r) => cols.map((c) => (c === 'epoch' ? String(r.epoch) : cell(r[c]))).join(',')).join('\n')}\n`;
}
