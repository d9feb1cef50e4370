import type { CircuitBreakerOptions } from '@hotpath/resilience';

/**
 * The L2 breaker's defaults: judge the last 20 calls once 5 were made, open at half of them
 * failing, stay open 2 s (doubling on each further trip, at most 30 s), then let 3 probes decide.
 * A Redis that stops answering costs callers five timeouts, then nothing until it is probed again.
 */
export const L2_BREAKER_DEFAULTS: CircuitBreakerOptions = {
  name: 'cache-l2',
  slidingWindowType: 'count',
  slidingWindowSize: 20,
  minimumNumberOfCalls: 5,
  failureRateThreshold: 50,
  waitDurationInOpenStateMs: 2_000,
  maxWaitDurationInOpenStateMs: 30_000,
  permittedNumberOfCallsInHalfOpenState: 3,
};
