import { AppError, type ErrorKind } from '@hotpath/platform';
import type { PoolErrorCode } from './pool-error-code';

const KIND_OF: Record<PoolErrorCode, ErrorKind> = {
  INVALID_OPTIONS: 'Internal',
  ACQUIRE_TIMEOUT: 'Timeout',
  ACQUIRE_ABORTED: 'Timeout',
  CONNECT_FAILED: 'Unavailable',
  POOL_ENDED: 'Unavailable',
  DOUBLE_RELEASE: 'Internal',
  UNAVAILABLE: 'Unavailable',
};

/**
 * The only error type `@hotpath/pooling` throws on purpose; `code` is stable, `cause` is kept (the
 * PostgreSQL or socket error behind a CONNECT_FAILED), and its kind maps to 503/504 at the edge.
 */
export class PoolError extends AppError<PoolErrorCode> {
  constructor(code: PoolErrorCode, message: string, options?: ErrorOptions) {
    super(KIND_OF[code], code, message, { cause: options?.cause });
  }
}
