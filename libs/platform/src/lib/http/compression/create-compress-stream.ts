import zlib from 'node:zlib';
import type { ContentCoding } from './content-coding';
import { zlibOptionsOf } from './zlib-options';

/**
 * A streaming encoder for a body whose length is not known up front (a file, a cursor piped to
 * the reply). Its `bytesWritten` counts the bytes it was fed.
 */
export function createCompressStream(
  coding: ContentCoding,
  sizeHint?: number,
): zlib.BrotliCompress | zlib.Gzip {
  return coding === 'br'
    ? zlib.createBrotliCompress(zlibOptionsOf('br', sizeHint))
    : zlib.createGzip(zlibOptionsOf('gzip'));
}
