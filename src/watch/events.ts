/** What watch mode reports: one event per line with --json, readable lines otherwise. */
import type { Issue } from '../load/issues.js';
import type { DiffRow } from '../compare/diff.js';

export type WatchEvent =
  | { event: 'validated'; file: string }
  | { event: 'invalid'; file: string; issues: Issue[] }
  | { event: 'removed'; file: string }
  | { event: 'unchanged'; file: string }
  | { event: 'queued'; name: string; file: string }
  | { event: 'started'; name: string; file: string; results_dir: string }
  | { event: 'epoch'; name: string; epoch: number; epochs: number; metrics: Record<string, number> }
  | { event: 'cancelled'; name: string; results_dir: string; reason: string }
  | { event: 'finished'; name: string; status: string; results_dir: string; metrics: Record<string, number | null>; changes: DiffRow[]; duration_ms: number }
  | { event: 'up_to_date'; name: string; results_dir: string }
  | { event: 'error'; name: string; message: string }
  | { event: 'watching'; paths: string[] }
  | { event: 'serving'; url: string }
  | { event: 'folder_removed'; path: string }
  | { event: 'folder_restored'; path: string }
  | { event: 'warning'; message: string };

export type Emit = (e: WatchEvent) => void;
