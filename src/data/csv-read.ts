/** The streamed CSV reader as one call, for every reader of numeric CSV files (training data, predict). */
import { CsvNumericReader, type CsvNumericOptions } from './csv-numeric.js';
import type { NumericData } from './numeric-data.js';

/**
 * Reads numeric CSV bytes (one buffer or a stream of chunks) into typed
 * arrays. For predict/init and anything else that reads a CSV of numbers.
 */
export function readCsvNumeric(input: Uint8Array | Iterable<Uint8Array>, opts: Omit<CsvNumericOptions, 'store'>): NumericData {
  const reader = new CsvNumericReader({ ...opts, store: true });
  const chunks = input instanceof Uint8Array ? [input] : input;
  for (const c of chunks) reader.push(c);
  return reader.end() as NumericData;
}
