/** Why a warm job cannot succeed however often it is retried. */
export type WarmJobErrorCode = 'BAD_PAYLOAD' | 'UNKNOWN_SOURCE' | 'NO_SOURCE' | 'NO_L2';

/**
 * A warm job that retrying cannot fix (its processor turns it into BullMQ's UnrecoverableError),
 * with a stable code.
 */
export class WarmJobError extends Error {
  constructor(
    readonly code: WarmJobErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WarmJobError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Every call to the source failed: retried with backoff (the source may come back). */
export class WarmSourceFailedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WarmSourceFailedError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
