export type TransportErrorCode =
  /** No reply within the client's timeout (the request may still run; its reply is then dropped). */
  | 'TRANSPORT_TIMEOUT'
  /** The request could not be written to Redis (it is down, or the client is not connected). */
  | 'TRANSPORT_UNAVAILABLE'
  /** The client was closed while the request waited for its reply. */
  | 'TRANSPORT_CLOSED';

/**
 * A failure on the caller's side of the transport. A handler's own error reaches the caller as the
 * `{ status: 'error', code, message }` reply the server's exception filter made, never as this.
 */
export class TransportError extends Error {
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'TransportError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

export function isTransportError(error: unknown, code?: TransportErrorCode): error is TransportError {
  return error instanceof TransportError && (code === undefined || error.code === code);
}
