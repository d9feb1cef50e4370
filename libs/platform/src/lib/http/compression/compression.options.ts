import type { CompressionEvent } from './compression-event';
import type { ContentCoding } from './content-coding';

/** Bodies of at most this many bytes are never compressed, unless `thresholdBytes` says otherwise. */
export const DEFAULT_COMPRESSION_THRESHOLD_BYTES = 1024;

export interface CompressionOptions {
  /** Bodies of at most this many bytes are sent as they are (default 1024: "above 1 KiB"). */
  thresholdBytes?: number;
  /** Codings offered, best first when the client's q-values tie (default `['br', 'gzip']`). */
  encodings?: readonly ContentCoding[];
  /** Which Content-Types are worth compressing (default `isCompressible`). */
  compressible?: (contentType: string) => boolean;
  /**
   * Called once per compressed body, after compression (for a stream: when it ends), so a service
   * can count bytes saved. Must not throw; an error it throws is logged and ignored.
   */
  onCompressed?: (event: CompressionEvent) => void;
}
