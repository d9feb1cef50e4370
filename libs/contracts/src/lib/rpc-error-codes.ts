/**
 * The codes a Redis-transport handler answers refusals with (`RpcErrorReply.code`), whatever the
 * library error behind them: a 400 is `VALIDATION_FAILED`, a 401 `UNAUTHENTICATED`, a 403
 * `FORBIDDEN` (a missing scope or a namespace outside the key's grant), a 429 `RATE_LIMITED`.
 * Other errors keep their own code (`VALUE_TOO_LARGE`, `L2_UNAVAILABLE`, …).
 */
export const RpcErrorCodes = {
  ValidationFailed: 'VALIDATION_FAILED',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  RateLimited: 'RATE_LIMITED',
} as const;

export type RpcErrorCode = (typeof RpcErrorCodes)[keyof typeof RpcErrorCodes];
