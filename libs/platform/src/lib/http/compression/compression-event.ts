import type { ContentCoding } from './content-coding';

/** What `onCompressed` reports about one compressed response body. */
export interface CompressionEvent {
  encoding: ContentCoding;
  /** Bytes of the body before compression. */
  originalBytes: number;
  /** Bytes actually sent (the compressed body). */
  compressedBytes: number;
  /** The matched route pattern (`/api/v2/cache/entries/:key`), absent when no route matched. */
  route?: string;
}
