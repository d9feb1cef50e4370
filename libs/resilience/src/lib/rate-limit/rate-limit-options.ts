import type { RateLimiter } from './rate-limiter';

/** A rate-limit policy's configuration. */
export interface RateLimitOptions {
  limiter: RateLimiter;
  /** Budget each call takes (default 1). */
  cost?: number;
  /** Shown in the error message (default `rate limit`). */
  name?: string;
}
