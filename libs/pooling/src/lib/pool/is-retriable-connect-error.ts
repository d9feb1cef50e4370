/** Socket errors worth another attempt: the server may be restarting, failing over or overloaded. */
const RETRIABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs worth another attempt: too_many_connections, cannot_connect_now (starting up or in
 * recovery), admin/crash shutdown, and the connection_exception class (08xxx).
 */
const RETRIABLE_SQLSTATE = new Set(['53300', '57P01', '57P02', '57P03']);

/** Messages node-postgres raises without a code: its own connect timeout and a dropped socket. */
const RETRIABLE_MESSAGE = /^(timeout expired|Connection terminated)/;

/**
 * Whether a failed connection attempt may succeed if tried again. Authentication failures (28xxx),
 * an unknown database (3D000) and configuration mistakes are final: retrying only delays the error.
 */
export function isRetriableConnectError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    return RETRIABLE_ERRNO.has(code) || RETRIABLE_SQLSTATE.has(code) || code.startsWith('08');
  }
  return RETRIABLE_MESSAGE.test(error.message);
}
