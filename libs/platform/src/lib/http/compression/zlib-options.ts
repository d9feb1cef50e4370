import zlib from 'node:zlib';
import type { ContentCoding } from './content-coding';

// Why these settings: see the measurements in compress-body.ts.
const GZIP_LEVEL = 6;
const BROTLI_QUALITY = 4;

/** Encoder options for a coding; `sizeHint` (the body's length, when known) lets brotli size its window. */
export function zlibOptionsOf(coding: 'br', sizeHint?: number): zlib.BrotliOptions;
export function zlibOptionsOf(coding: 'gzip', sizeHint?: number): zlib.ZlibOptions;
export function zlibOptionsOf(
  coding: ContentCoding,
  sizeHint?: number,
): zlib.BrotliOptions | zlib.ZlibOptions {
  if (coding === 'gzip') return { level: GZIP_LEVEL };
  return {
    params: {
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      ...(sizeHint === undefined ? {} : { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: sizeHint }),
    },
  };
}
