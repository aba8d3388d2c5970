/**
 * A data file's rows through the host: CSV streamed chunk by chunk into
 * typed arrays (and hashed on the way), JSON and quoted CSV read whole
 * (bounded by MAX_DATA_BYTES) and parsed by the general parsers.
 */
import { createHash } from 'node:crypto';
import { CsvNumericReader, DataTooLarge, NeedsFullParser } from '../data/csv-numeric.js';
import { factsOf, packRaw, type DataFacts, type NumericData } from '../data/numeric-data.js';
import { DataError, parseTable, tableToRaw } from '../data/table.js';
import { machineBudget } from './bounds.js';
import { MAX_DATA_BYTES, unreadableMessage, type FileChunks, type SourceHost } from './host.js';

export interface DataFileSpec {
  target: string;
  features?: string[];
  regression: boolean;
}

export type FileRead =
  | { ok: true; facts: DataFacts; data?: NumericData; sha256: string; bytes?: Uint8Array }
  | { ok: false; why: 'unreadable' }
  | { ok: false; why: 'too-large' | 'memory-limit' | 'utf8'; message: string; line?: number }
  | { ok: false; why: 'data'; error: DataError };

const hex = (h: ReturnType<typeof createHash>) => `sha256:${h.digest('hex')}`;

/** Reads and checks a data file; `store` keeps the values (a run), else only the facts (validation). */
export function readDataFile(host: SourceHost, abs: string, shown: string, format: 'csv' | 'json', spec: DataFileSpec, store: boolean): FileRead {
  // hosts without streaming (in-memory ones) hand over the bytes, which the run then reuses
  const bytes = host.readChunks ? undefined : host.read(abs);
  const stream: FileChunks | undefined = host.readChunks ? host.readChunks(abs) : bytes && { size: bytes.length, chunks: [bytes] };
  if (!stream) return { ok: false, why: 'unreadable' };
  try {
    if (format === 'json') return whole(host, abs, shown, format, spec, store, bytes);
    const hash = createHash('sha256');
    const reader = new CsvNumericReader({ ...spec, store, sizeHint: stream.size, budgetBytes: machineBudget().totalBytes });
    for (const chunk of stream.chunks) {
      hash.update(chunk);
      reader.push(chunk);
    }
    const out = reader.end();
    const data = 'x' in out ? out : undefined;
    return { ok: true, facts: data ? factsOf(data) : (out as DataFacts), ...(data ? { data } : {}), sha256: hex(hash), ...(bytes ? { bytes } : {}) };
  } catch (e) {
    if (e instanceof NeedsFullParser) return whole(host, abs, shown, format, spec, store, bytes);
    if (e instanceof DataTooLarge) return { ok: false, why: 'memory-limit', message: `${shown}: ${e.message}` };
    if (e instanceof DataError) return { ok: false, why: 'data', error: e };
    throw e;
  }
}

/** JSON, or CSV that needs csv-parse (quoted fields): the whole text at once. */
function whole(host: SourceHost, abs: string, shown: string, format: 'csv' | 'json', spec: DataFileSpec, store: boolean, kept?: Uint8Array): FileRead {
  const stream = kept ? undefined : host.readChunks?.(abs);
  if (stream && stream.size > MAX_DATA_BYTES) {
    const what = format === 'json' ? 'JSON data' : 'CSV with quoted fields';
    return { ok: false, why: 'too-large', message: `${unreadableMessage(shown, { reason: 'too-large', size: stream.size, limit: MAX_DATA_BYTES })} for ${what}, which is read whole; CSV without quotes is streamed with no limit` };
  }
  // each chunk copied as it comes: the next one may reuse its buffer (FileChunks)
  const bytes = kept ?? (stream ? Buffer.concat(Array.from(stream.chunks, (c) => Buffer.from(c))) : host.read(abs));
  if (!bytes) return { ok: false, why: 'unreadable' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const loose = new TextDecoder().decode(bytes);
    const line = loose.slice(0, Math.max(0, loose.indexOf('\uFFFD'))).split('\n').length;
    return { ok: false, why: 'utf8', message: `${shown}:${line}: not valid UTF-8 text`, line };
  }
  try {
    const data = packRaw(tableToRaw(parseTable(text, format), spec));
    const sha256 = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    return { ok: true, facts: factsOf(data), ...(store ? { data } : {}), sha256, ...(kept ? { bytes: kept } : {}) };
  } catch (e) {
    if (e instanceof DataError) return { ok: false, why: 'data', error: e };
    throw e;
  }
}
