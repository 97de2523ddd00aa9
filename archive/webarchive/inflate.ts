/**
 * Decompression with an output limit. A few hundred bytes of brotli or gzip can stand for
 * gigabytes, so compressed bodies and ZIP entries are never inflated whole: they go through a
 * streaming decoder whose output is counted as it comes, and the decoder is stopped (and the
 * caller told) the moment the output passes the limit. Memory stays at the limit, whatever the
 * ratio.
 */
import { Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';

/** The output of a decoder passed its limit: the input is a decompression bomb, or simply too large. */
export class OutputLimitError extends Error {
  override name = 'OutputLimitError';
  constructor(
    readonly limit: number,
    what: string,
  ) {
    super(`${what} expands to more than ${formatBytes(limit)} when decompressed (a decompression bomb, or too large to import); it was not read`);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${+(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${+(bytes / 2 ** 20).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

export type ContentCoding = 'gzip' | 'deflate' | 'deflate-raw' | 'br';

function decoderFor(coding: ContentCoding): Transform {
  switch (coding) {
    case 'gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'deflate-raw':
      return createInflateRaw();
    case 'br':
      return createBrotliDecompress();
  }
}

/** What came out of a bounded decode: all of it, or what decoded before the input broke. */
export interface Inflated {
  bytes: Buffer;
  /** Set when the input is damaged or cut short: the bytes are what decoded before that. */
  error: Error | null;
}

/**
 * Decodes `input` with `coding`, keeping at most `limit` bytes of output; throws
 * OutputLimitError past that (naming `what`). A damaged or truncated input is not thrown: the
 * bytes decoded up to the damage come back with the error.
 */
export async function inflateBounded(input: Uint8Array, coding: ContentCoding, limit: number, what: string): Promise<Inflated> {
  const decoder = decoderFor(coding);
  const parts: Buffer[] = [];
  let total = 0;
  let error: Error | null = null;
  const done = new Promise<void>((resolve) => {
    decoder.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        error = new OutputLimitError(limit, what);
        decoder.destroy();
        resolve();
        return;
      }
      parts.push(chunk);
    });
    decoder.on('error', (e: Error) => {
      error ??= e;
      resolve();
    });
    decoder.on('end', () => resolve());
    decoder.on('close', () => resolve());
  });
  // Fed in slices so the decoder's output is counted (and stopped) between them.
  const SLICE = 64 * 1024;
  for (let at = 0; at < input.length && !error; at += SLICE) {
    const ok = decoder.write(input.subarray(at, Math.min(input.length, at + SLICE)));
    if (!ok && !error) await new Promise<void>((resolve) => decoder.once('drain', resolve).once('close', resolve));
  }
  if (!error) decoder.end();
  await done;
  // Set in the decoder's callbacks, which the compiler's narrowing does not see.
  const failure = error as Error | null;
  if (failure instanceof OutputLimitError) throw failure;
  return { bytes: Buffer.concat(parts), error: failure };
}

/** Yields the chunks of `source`, throwing `onLimit()` once more than `limit` bytes have come. */
export async function* limitChunks<T extends Uint8Array>(source: AsyncIterable<T>, limit: number, onLimit: () => Error): AsyncGenerator<T> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > limit) {
      if (source instanceof Readable) source.destroy();
      throw onLimit();
    }
    yield chunk;
  }
}
