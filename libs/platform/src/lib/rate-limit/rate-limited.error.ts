import { AppError } from '../errors/app-error';
import { PlatformErrorCodes } from '../errors/platform-error-codes';
import type { RateLimit, RateLimitDecision } from './rate-limit';

export class RateLimitedError extends AppError<typeof PlatformErrorCodes.RateLimited> {
  constructor(keyName: string, limit: RateLimit, decision: RateLimitDecision) {
    const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    super(
      'RateLimited',
      PlatformErrorCodes.RateLimited,
      `The API key '${keyName}' is over its limit of ${limit.perSecond} requests/s (burst ${limit.burst}); retry in ${retryAfterSeconds} s.`,
      { headers: rateLimitHeaders(limit, decision) },
    );
  }
}

/** `Retry-After` plus the IETF draft `RateLimit-*` fields. */
export function rateLimitHeaders(limit: RateLimit, decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(limit.burst),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(Math.ceil(decision.resetMs / 1000)),
  };
  if (!decision.allowed)
    headers['Retry-After'] = String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
  return headers;
}
