import type { CircuitBreaker } from '../breaker/circuit-breaker';
import type { BulkheadPolicy } from '../bulkhead/bulkhead-policy';
import type { FallbackPolicy } from '../fallback/fallback-policy';
import type { RateLimitPolicy } from '../rate-limit/rate-limit-policy';
import type { RetryPolicy } from '../retry/retry-policy';
import type { TimeoutPolicy } from '../timeout/timeout-policy';

/** The policies of a {@link pipeline}; each is optional. */
export interface PipelineParts<F = never> {
  fallback?: FallbackPolicy<F>;
  retry?: RetryPolicy;
  breaker?: CircuitBreaker;
  rateLimit?: RateLimitPolicy;
  timeout?: TimeoutPolicy;
  bulkhead?: BulkheadPolicy;
}
