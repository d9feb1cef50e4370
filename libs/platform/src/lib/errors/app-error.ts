import type { ErrorKind } from './error-kind';
import type { FieldError } from './field-error';

export interface AppErrorOptions {
  cause?: unknown;
  /** Per-field problems of an invalid input. */
  errors?: FieldError[];
  /** Response headers an HTTP transport should send along (e.g. `Retry-After`). */
  headers?: Record<string, string>;
}

/**
 * Base of every error Hotpath code throws on purpose: a stable machine-readable `code`, a `kind`
 * the transports map to a status, and a message written for the person reading the response.
 */
export class AppError<Code extends string = string> extends Error {
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(
    readonly kind: ErrorKind,
    readonly code: Code,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.errors = options.errors;
    this.headers = options.headers;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
