import type { L2KeyOptions } from './l2-key-options';

export interface L2SetOptions extends L2KeyOptions {
  /** Values whose packed size is above this are compressed (brotli). Default 1024 bytes. */
  compressAboveBytes?: number;
}
