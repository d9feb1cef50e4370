import type { CircuitState } from './circuit-state';

/** A breaker's state and the numbers it decides by, for a status page or a test. */
export interface BreakerMetrics {
  name: string;
  state: CircuitState;
  /** % of failed calls in the window (closed) or among the probes (half-open); -1 below the minimum. */
  failureRate: number;
  /** % of slow calls, likewise. */
  slowCallRate: number;
  /** Calls in the window (closed) or probes recorded (half-open). */
  calls: number;
  failedCalls: number;
  slowCalls: number;
  /** While open: ms until probes are let through. */
  remainingOpenMs: number;
  /** Trips in a row without a recovery (drives the open-wait backoff). */
  consecutiveTrips: number;
}
