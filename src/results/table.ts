/** A plain text table (and its Markdown twin) of runs' final metrics. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text from user input (a swept string, a folder name) made inert in Markdown:
 * it cannot end a table cell or row, open HTML, a link, an image or code, and
 * line breaks and control characters show as escapes (`\n`, `\u001b`).
 */
export function markdownText(s: string): string {
  return s
    .replace(/[\\|`*[\]]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => ENTITY[c]!)
    .replace(/\r\n|\n/g, '\\n')
    .replace(CONTROL, (c) => (c === '\r' ? '\\r' : c === '\t' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** A Markdown table; header cells are the caller's own (they may hold `**bold**`), body cells are escaped. */
export function markdownTable(header: string[], rows: string[][]): string {
  const head = (c: string) => c.replace(/\|/g, '\\|');
  return [`| ${header.map(head).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(markdownText).join(' | ')} |`)].join('\n');
}

export const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

const METRIC_ORDER = ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'test_loss', 'test_accuracy'];
/** Metric names as tables show them: training, validation, test, then the rest by name. */
export const metricOrder = (keys: string[]) =>
  [...new Set(keys)].sort((a, b) => (METRIC_ORDER.indexOf(a) + 1 || 99) - (METRIC_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b));
