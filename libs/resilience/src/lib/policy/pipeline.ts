import type { PipelineParts } from './pipeline-parts';
import type { Policy } from './policy';
import { wrap } from './wrap';

/**
 * The given policies in the recommended order, outermost first:
 *
 *   fallback ∘ retry ∘ breaker ∘ rateLimit ∘ timeout ∘ bulkhead ∘ operation
 *
 * - fallback outermost: it answers for everything below, an open breaker and spent retries included;
 * - retry outside the breaker: every attempt is counted by the breaker, and once it opens the
 *   remaining attempts fail fast (`BREAKER_OPEN` is not retried by default) instead of piling on;
 * - breaker outside the timeout: a timeout is a failure the breaker counts, and the breaker never
 *   waits longer than the timeout to learn an outcome;
 * - rate limit inside the breaker: calls the breaker rejects spend no budget;
 * - timeout outside the bulkhead: the time spent queued for a slot counts against the deadline,
 *   so a caller never waits longer than its timeout in all (resilience4j's order: Retry,
 *   CircuitBreaker, RateLimiter, TimeLimiter, Bulkhead).
 *
 * `BULKHEAD_FULL` and `RATE_LIMITED` are local overload, so the breaker ignores them by default.
 */
export function pipeline<F = never>(parts: PipelineParts<F>): Policy<F> {
  const ordered = [parts.fallback, parts.retry, parts.breaker, parts.rateLimit, parts.timeout, parts.bulkhead];
  return wrap(...ordered.filter((policy) => policy !== undefined)) as Policy<F>;
}
