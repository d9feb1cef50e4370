import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { ContentCoding } from './content-coding';
import { zlibOptionsOf } from './zlib-options';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/*
 * Settings and the sync/async split, measured on Node 20 with cache-service-like JSON
 * (`batch-get` hits; µs per call, compressed size in brackets):
 *
 *   body      brotli q4 sync   brotli q4 async   gzip 6 sync    gzip 1 sync    gzip 6 async
 *   1.1 KiB      66 (281)           202            39 (330)       47 (344)          206
 *   4.3 KiB      83 (608)           271            72 (784)       79 (829)          202
 *    55 KiB     518 (5342)          725           443 (7948)     147 (8472)         552
 *   902 KiB    6596 (88388)        7321          6856 (125162)  3541 (133264)      8230
 *
 * Brotli quality 4 (the default 11 is for static assets, ~100× slower) beats gzip on size at
 * the same cost. Gzip level 6 costs no more than level 1 on the small bodies that dominate and
 * saves ~6% on big ones; it is the fallback for clients without br, so size wins.
 * The async APIs run on libuv's pool but pay ~150 µs of hand-off, three times the work itself on
 * a small body. Below 32 KiB (≤ ~0.3 ms of CPU) we compress synchronously; above, asynchronously,
 * so a 1 MiB entry never stalls the event loop for the other requests for ~7 ms.
 */
const SYNC_BELOW_BYTES = 32 * 1024;

/** Compresses a whole body: synchronously when small, on the thread pool when big (see above). */
export async function compressBody(body: Buffer, coding: ContentCoding): Promise<Buffer> {
  const sync = body.length < SYNC_BELOW_BYTES;
  if (coding === 'br') {
    const options = zlibOptionsOf('br', body.length);
    return sync ? zlib.brotliCompressSync(body, options) : brotli(body, options);
  }
  const options = zlibOptionsOf('gzip');
  return sync ? zlib.gzipSync(body, options) : gzip(body, options);
}
