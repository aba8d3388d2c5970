/**
 * `--input -`: the rows from stdin, read as a stream (a pipe delivers them in
 * chunks of 64 KiB or less, with pauses) and bounded while reading, so an
 * endless pipe is refused at the limit instead of filling memory first.
 */
import { PredictError } from './errors.js';
import { MAX_INPUT_BYTES } from './source.js';

/** All of `stream` as UTF-8 text, decoded once at the end (a character split between chunks stays whole). */
export async function readStdinText(stream: NodeJS.ReadableStream = process.stdin, limit = MAX_INPUT_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array);
    size += bytes.length;
    if (size > limit) throw new PredictError(`the input is larger than ${limit} bytes`, { file: '<stdin>', line: 1 });
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}
