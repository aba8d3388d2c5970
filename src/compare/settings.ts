/**
 * What changed in the configuration between two results: run.json's resolved
 * experiment, flattened to dotted paths (`compile.optimizer.type`), old → new.
 * Metrics say what happened; this says why (`adam → sgd`), without `git diff run.json`.
 */
import type { MetricsSet } from './sources.js';

export interface SettingRow {
  experiment: string;
  setting: string;
  old: string | null;
  new: string | null;
}

/** Leaves of a JSON value as dotted path → JSON text (lists by index, empty containers as leaves). */
function flatten(v: unknown, at: string, out: Map<string, string>): Map<string, string> {
  const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : v && typeof v === 'object' ? Object.entries(v) : null;
  if (!entries || entries.length === 0) out.set(at, typeof v === 'string' ? v : JSON.stringify(v));
  else for (const [k, x] of entries) flatten(x, at ? `${at}.${k}` : k, out);
  return out;
}

export function diffSettings(oldSet: MetricsSet, newSet: MetricsSet): SettingRow[] {
  const rows: SettingRow[] = [];
  for (const e of [...new Set([...oldSet.keys(), ...newSet.keys()])].sort()) {
    const a = oldSet.get(e)?.experiment;
    const b = newSet.get(e)?.experiment;
    if (a === undefined || b === undefined) continue; // an added or removed experiment: its metrics say so
    const fa = flatten(a, '', new Map());
    const fb = flatten(b, '', new Map());
    for (const k of [...new Set([...fa.keys(), ...fb.keys()])].sort()) {
      const o = fa.get(k) ?? null;
      const n = fb.get(k) ?? null;
      if (o !== n) rows.push({ experiment: e, setting: k, old: o, new: n });
    }
  }
  return rows;
}
