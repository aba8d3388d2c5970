/**
 * A chart template's dataflow kept as JSON text, so each chart gets its copy from JSON.parse
 * (native) instead of a walk that copies every node in JavaScript (~3 ms a chart, plus its
 * garbage, on the thread that writes results). Only for templates read from the build's JSON
 * files, which JSON describes exactly. The copy is the walk's: the title put into every string
 * that holds the marker, and each slot marker replaced by that chart's own values array.
 */

/** Where a slot marker sits: the path of keys and indexes from the root to its array. */
type Path = (string | number)[];

export interface TextTemplate {
  /** The template's JSON with no escape inside or around a title marker. */
  text: string;
  /** Slot index → where its marker array sits (every slot exactly once). */
  slots: Path[];
}

/**
 * The text form of a template, or null when text replacement would not match the walk's copy
 * (a marker in a key, a slot marker used twice or missing, a title in an escaped string).
 */
export function textTemplate(runtime: unknown, slotKey: string, titleMarker: string): TextTemplate | null {
  const slots: Path[] = [];
  let inStrings = 0;
  let ok = true;
  const visit = (v: unknown, path: Path): void => {
    if (typeof v === 'string') {
      inStrings += v.split(titleMarker).length - 1;
      return;
    }
    if (Array.isArray(v)) {
      const slot = v.length === 1 && v[0] && typeof v[0] === 'object' ? (v[0] as Record<string, unknown>)[slotKey] : undefined;
      if (typeof slot === 'number') {
        if (!Number.isInteger(slot) || slot < 0 || slots[slot]) ok = false;
        else slots[slot] = path;
        return;
      }
      v.forEach((x, i) => visit(x, [...path, i]));
      return;
    }
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) visit(x, [...path, k]);
  };
  visit(runtime, []);
  const text = JSON.stringify(runtime);
  const inText = text.split(titleMarker).length - 1;
  const dense = slots.length === 0 || [...slots.keys()].every((i) => slots[i] !== undefined);
  return ok && dense && inStrings > 0 && inText === inStrings ? { text, slots } : null;
}

/**
 * The template's copy with `title` in place of the marker and each slot's values put back;
 * null when the chart's slots do not match the template's. `title` must need no JSON escape.
 */
export function instantiateText(t: TextTemplate, values: unknown[][], titleMarker: string, title: string): unknown {
  if (values.length !== t.slots.length) return null;
  const copy = JSON.parse(t.text.split(titleMarker).join(title)) as unknown;
  for (const [i, path] of t.slots.entries()) {
    let parent = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    parent[path[path.length - 1]!] = values[i];
  }
  return copy;
}
