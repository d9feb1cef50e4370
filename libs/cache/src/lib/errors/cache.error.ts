import { AppError, type ErrorKind } from '@hotpath/platform';
import type { CacheErrorCode } from './cache-error-code';

const KIND_OF: Record<CacheErrorCode, ErrorKind> = {
  INVALID_OPTIONS: 'Internal',
  INVALID_ENTRY: 'Invalid',
  ENTRY_TOO_LARGE: 'TooLarge',
  INVALID_KEY: 'Invalid',
  INVALID_NAMESPACE: 'Invalid',
  INVALID_PATTERN: 'Invalid',
  INVALID_CURSOR: 'Invalid',
  VALUE_TOO_LARGE: 'TooLarge',
  L2_TIMEOUT: 'Timeout',
  L2_UNAVAILABLE: 'Unavailable',
  LOADER_TIMEOUT: 'Timeout',
  LOADER_FAILED: 'Unavailable',
  WRITER_FAILED: 'Unavailable',
  BUS_UNAVAILABLE: 'Unavailable',
};

/**
 * The only error type `@hotpath/cache` throws; `code` is stable, `cause` is kept, and its kind tells
 * the transports which status to answer (400 for bad input, 413, 503, 504…).
 */
export class CacheError extends AppError<CacheErrorCode> {
  constructor(code: CacheErrorCode, message: string, options?: ErrorOptions) {
    super(KIND_OF[code], code, message, { cause: options?.cause });
  }
}
