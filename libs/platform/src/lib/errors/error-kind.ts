/**
 * What went wrong, in the terms a transport understands. Libraries pick a kind for each error code;
 * the HTTP filter turns it into a status, the RPC filter passes the code through.
 */
export const ErrorKinds = {
  Invalid: 400,
  Unauthenticated: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  PreconditionFailed: 412,
  TooLarge: 413,
  RateLimited: 429,
  Internal: 500,
  Unavailable: 503,
  Timeout: 504,
} as const;

export type ErrorKind = keyof typeof ErrorKinds;

export function statusOfKind(kind: ErrorKind): number {
  return ErrorKinds[kind];
}
