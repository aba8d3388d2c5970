/**
 * `--input -`: the rows from stdin, read as a stream (a pipe delivers them in
 * chunks of 64 KiB or less, with pauses) and bounded while reading, so an
 * endless pipe is refused at the limit instead of filling memory first. The
 * bytes are held once, as the chunks that came (a CSV is read from them twice:
 * checked, then predicted), and decoded only for a whole-text read.
 */
import { PredictError } from './errors.js';
import { MAX_INPUT_BYTES } from './source.js';

/** All of `stream`'s bytes, as the chunks that came. */
export async function readStdinChunks(stream: NodeJS.ReadableStream = process.stdin, limit = MAX_INPUT_BYTES): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array);
    size += bytes.length;
    if (size > limit) throw new PredictError(`the input is larger than ${limit} bytes`, { file: '<stdin>', line: 1 });
    chunks.push(bytes);
  }
  return chunks;
}

/** Held chunks as UTF-8 text, decoded once (a character split between chunks stays whole). */
export const chunksText = (chunks: readonly Buffer[]): string => Buffer.concat(chunks).toString('utf8');
