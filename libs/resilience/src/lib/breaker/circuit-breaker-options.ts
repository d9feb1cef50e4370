import type { CallVerdict } from './call-verdict';

/**
 * A breaker's configuration, with resilience4j's names and meaning. Rates are percentages.
 */
export interface CircuitBreakerOptions {
  /** Shown in errors, events, metrics and the readiness message. */
  name: string;
  /** Judge the last N calls (`count`, default) or the calls of the last N seconds (`time`). */
  slidingWindowType?: 'count' | 'time';
  /** N: calls for a count window (default 100), seconds for a time window (default 60). */
  slidingWindowSize?: number;
  /** No verdict before this many calls are in the window (default 20; capped at a count window's size). */
  minimumNumberOfCalls?: number;
  /** Open when at least this % of the window failed (default 50). */
  failureRateThreshold?: number;
  /** Open when at least this % of the window was slow (default 100: only when every call was slow). */
  slowCallRateThreshold?: number;
  /**
   * A call taking at least this long is slow (default: none, slow-call detection is off and
   * `execute` does not read the clock; resilience4j's default is 60 000 ms).
   */
  slowCallDurationThresholdMs?: number;
  /** Probes allowed in half-open; their failure and slow rates decide (default 10). */
  permittedNumberOfCallsInHalfOpenState?: number;
  /** Probes in flight at once in half-open (default: all of them). */
  maxConcurrentCallsInHalfOpenState?: number;
  /** How long the first trip stays open (default 5 000 ms). */
  waitDurationInOpenStateMs?: number;
  /** Each further trip without a recovery in between waits this many times longer (default 2). */
  openWaitMultiplier?: number;
  /** The open wait never exceeds this (default 60 000 ms). */
  maxWaitDurationInOpenStateMs?: number;
  /**
   * How an error counts (default: `failure`, except this library's own `BULKHEAD_FULL`,
   * `RATE_LIMITED` and `ABORTED`, which are local and `ignore`d). See `classifyPgError`.
   */
  classifyError?: (error: unknown) => CallVerdict;
  /** How a returned value counts (default: `success`); e.g. a 503 response as a `failure`. */
  classifyResult?: (value: unknown) => CallVerdict;
  /** Milliseconds from any origin, never going backwards (default `performance.now`). */
  clock?: () => number;
}
