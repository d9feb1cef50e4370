import { ResilienceError } from '../errors/resilience.error';
import type { ExecutionContext } from '../policy/execution-context';
import { NO_CONTEXT } from '../policy/no-context';
import type { Operation } from '../policy/operation';
import type { Policy } from '../policy/policy';
import { rejectSoon } from '../policy/reject-soon';
import type { BreakerMetrics } from './breaker-metrics';
import type { BreakerPermit } from './breaker-permit';
import type { CallListener } from './call-listener';
import type { CallOutcome } from './call-outcome';
import type { CallVerdict } from './call-verdict';
import type { CircuitBreakerOptions } from './circuit-breaker-options';
import type { CircuitState } from './circuit-state';
import { CountSlidingWindow } from './count-sliding-window';
import { type ResolvedBreakerOptions, resolveBreakerOptions } from './resolved-breaker-options';
import { FAILED, SLOW, type SlidingWindow } from './sliding-window';
import type { StateChangeEvent } from './state-change-event';
import type { StateChangeListener } from './state-change-listener';
import { TimeSlidingWindow } from './time-sliding-window';

// States as small integers on the hot path; names only at the edges.
const [CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, DISABLED] = [0, 1, 2, 3, 4];
const STATE_NAMES: readonly CircuitState[] = ['closed', 'open', 'half-open', 'forced-open', 'disabled'];
const OUTCOME_OF_FLAGS: readonly CallOutcome[] = ['success', 'failure', 'slow', 'slow_failure'];

/**
 * A circuit breaker with resilience4j's semantics: a count- or time-based sliding window judged by
 * failure rate and slow-call rate once it holds a minimum number of calls; an open wait that grows
 * on repeated trips (capped); half-open with N probes and a cap on probes in flight; error and
 * result classification; force-open and disable; state-change events; an injectable clock.
 *
 * Two ways to use it:
 * - `execute(operation)`: the breaker times the call and classifies its outcome;
 * - the permit API for hot paths that cannot afford a closure per call:
 *   `tryAcquirePermission()`, then `onSuccess(permit, ms)` or `onError(permit, ms, error)`.
 *   Every permit MUST be reported exactly once. Permits are numbers: nothing is allocated.
 *
 * A permit from an earlier state (a call started while closed that ends after the breaker opened)
 * is counted in the metrics but does not move the state machine: only calls of the current state
 * decide. Transitions from open to half-open happen lazily, on the next call or read of `state`.
 */
export class CircuitBreaker implements Policy {
  readonly name: string;
  private readonly options: ResolvedBreakerOptions;
  private readonly window: SlidingWindow;
  private readonly clock: () => number;
  /** Whether call durations matter to the state machine (a slow-call threshold is set). */
  private readonly timed: boolean;
  private readonly classifiesResults: boolean;
  private readonly openError: ResilienceError;
  private readonly forcedOpenError: ResilienceError;
  private readonly callListeners: CallListener[] = [];
  private readonly stateListeners: StateChangeListener[] = [];
  private current = CLOSED;
  /** Bumped on every transition; a permit is the epoch it was issued in. */
  private epoch = 1;
  private openUntil = 0;
  private trips = 0;
  private probesIssued = 0;
  private probesInFlight = 0;
  private probeCalls = 0;
  private probeFailures = 0;
  private probeSlow = 0;

  constructor(options: CircuitBreakerOptions) {
    this.options = resolveBreakerOptions(options);
    this.name = this.options.name;
    this.clock = this.options.clock;
    this.timed = Number.isFinite(this.options.slowCallDurationThresholdMs);
    this.classifiesResults = options.classifyResult !== undefined;
    this.window =
      this.options.slidingWindowType === 'count'
        ? new CountSlidingWindow(this.options.slidingWindowSize)
        : new TimeSlidingWindow(this.options.slidingWindowSize);
    // Preallocated and stackless: rejecting while open costs no Error and no stack trace.
    const stackless = { stackless: true };
    this.openError = new ResilienceError('BREAKER_OPEN', `circuit breaker '${this.name}' is open`, stackless);
    this.forcedOpenError = new ResilienceError('BREAKER_OPEN', `circuit breaker '${this.name}' is forced open`, stackless);
  }

  /** The current state; an open breaker whose wait has passed turns half-open here. */
  get state(): CircuitState {
    if (this.current === OPEN && this.clock() >= this.openUntil) this.transition(HALF_OPEN);
    return STATE_NAMES[this.current];
  }

  /** Runs `operation` if the breaker allows it, timing and classifying its outcome. */
  execute<T>(operation: Operation<T>, context: ExecutionContext = NO_CONTEXT): Promise<T> {
    const permit = this.tryAcquirePermission();
    if (permit !== undefined) return this.run(permit, operation, context);
    return rejectSoon(this.current === FORCED_OPEN ? this.forcedOpenError : this.openError);
  }

  /** Whether durations matter (slow calls, listeners); if not, callers pass 0 and skip the ~70 ns clock. */
  get measuresDuration(): boolean {
    return this.timed || this.callListeners.length > 0;
  }

  /** A permit to make the call, or undefined when the caller must fail at once. */
  tryAcquirePermission(): BreakerPermit | undefined {
    switch (this.current) {
      case CLOSED:
      case DISABLED:
        return this.epoch;
      case OPEN:
        if (this.clock() < this.openUntil) return this.reject();
        this.transition(HALF_OPEN);
        return this.acquireProbe();
      case HALF_OPEN:
        return this.acquireProbe();
      default:
        return this.reject();
    }
  }

  /** Reports a permitted call that succeeded after `durationMs`. */
  onSuccess(permit: BreakerPermit, durationMs: number): void {
    this.record(permit, durationMs, durationMs >= this.options.slowCallDurationThresholdMs ? SLOW : 0);
  }

  /** Reports a permitted call that failed after `durationMs`; `classifyError` decides how it counts. */
  onError(permit: BreakerPermit, durationMs: number, error: unknown): void {
    this.recordVerdict(permit, durationMs, this.options.classifyError(error));
  }

  /** Reports a permitted call that returned `value`; `classifyResult` decides how it counts. */
  onResult(permit: BreakerPermit, durationMs: number, value: unknown): void {
    this.recordVerdict(permit, durationMs, this.options.classifyResult(value));
  }

  /** Rejects every call until {@link reset} (an operator's kill switch). */
  forceOpen(): void {
    this.transition(FORCED_OPEN);
  }

  /** Lets every call through and records nothing until {@link reset}. */
  disable(): void {
    this.transition(DISABLED);
  }

  /** Back to closed with an empty window and no trip history. */
  reset(): void {
    this.trips = 0;
    this.transition(CLOSED);
  }

  /** Subscribes to every recorded or rejected call (metrics); returns the unsubscribe function. */
  onCall(listener: CallListener): () => void {
    return subscribe(this.callListeners, listener);
  }

  /** Subscribes to state transitions; returns the unsubscribe function. */
  onStateChange(listener: StateChangeListener): () => void {
    return subscribe(this.stateListeners, listener);
  }

  metrics(): BreakerMetrics {
    const state = this.state;
    const halfOpen = this.current === HALF_OPEN;
    if (this.current === CLOSED) this.window.advance(this.clock());
    const calls = halfOpen ? this.probeCalls : this.window.calls;
    const failed = halfOpen ? this.probeFailures : this.window.failures;
    const slow = halfOpen ? this.probeSlow : this.window.slow;
    const judged = halfOpen ? calls > 0 : calls >= this.options.minimumNumberOfCalls;
    return {
      name: this.name,
      state,
      failureRate: judged ? (failed * 100) / calls : -1,
      slowCallRate: judged ? (slow * 100) / calls : -1,
      calls,
      failedCalls: failed,
      slowCalls: slow,
      remainingOpenMs: this.current === OPEN ? Math.max(0, this.openUntil - this.clock()) : 0,
      consecutiveTrips: this.trips,
    };
  }

  private async run<T>(permit: BreakerPermit, operation: Operation<T>, context: ExecutionContext): Promise<T> {
    const timed = this.measuresDuration;
    const started = timed ? this.clock() : 0;
    let value: T;
    try {
      value = await operation(context);
    } catch (error) {
      this.onError(permit, timed ? this.clock() - started : 0, error);
      throw error;
    }
    const durationMs = timed ? this.clock() - started : 0;
    if (this.classifiesResults) this.onResult(permit, durationMs, value);
    else this.onSuccess(permit, durationMs);
    return value;
  }

  private reject(): undefined {
    this.notify('rejected', 0);
    return undefined;
  }

  private acquireProbe(): BreakerPermit | undefined {
    const o = this.options;
    if (this.probesIssued >= o.permittedNumberOfCallsInHalfOpenState) return this.reject();
    if (this.probesInFlight >= o.maxConcurrentCallsInHalfOpenState) return this.reject();
    this.probesIssued++;
    this.probesInFlight++;
    return this.epoch;
  }

  private recordVerdict(permit: BreakerPermit, durationMs: number, verdict: CallVerdict): void {
    const slow = durationMs >= this.options.slowCallDurationThresholdMs ? SLOW : 0;
    switch (verdict) {
      case 'success':
        return this.record(permit, durationMs, slow);
      case 'failure':
        return this.record(permit, durationMs, FAILED | slow);
      case 'slow':
        return this.record(permit, durationMs, SLOW);
      default:
        return this.ignore(permit, durationMs);
    }
  }

  private ignore(permit: BreakerPermit, durationMs: number): void {
    this.notify('ignored', durationMs);
    if (permit !== this.epoch || this.current !== HALF_OPEN) return;
    // An ignored probe gives its permission back.
    this.probesInFlight--;
    this.probesIssued--;
  }

  private record(permit: BreakerPermit, durationMs: number, flags: number): void {
    this.notify(OUTCOME_OF_FLAGS[flags], durationMs);
    if (permit !== this.epoch) return;
    if (this.current === CLOSED) {
      this.window.record(flags, this.options.slidingWindowType === 'time' ? this.clock() : 0);
      const w = this.window;
      if (w.calls >= this.options.minimumNumberOfCalls && this.exceeds(w.calls, w.failures, w.slow)) {
        this.transition(OPEN);
      }
    } else if (this.current === HALF_OPEN) {
      this.probesInFlight--;
      this.probeCalls++;
      this.probeFailures += flags & FAILED;
      this.probeSlow += (flags & SLOW) >> 1;
      if (this.probeCalls >= this.options.permittedNumberOfCallsInHalfOpenState) {
        const reopen = this.exceeds(this.probeCalls, this.probeFailures, this.probeSlow);
        if (!reopen) this.trips = 0;
        this.transition(reopen ? OPEN : CLOSED);
      }
    }
  }

  private exceeds(calls: number, failures: number, slow: number): boolean {
    return (
      failures * 100 >= this.options.failureRateThreshold * calls ||
      slow * 100 >= this.options.slowCallRateThreshold * calls
    );
  }

  private transition(to: number): void {
    const from = this.current;
    const at = this.clock();
    this.current = to;
    this.epoch++;
    this.window.reset();
    this.probesIssued = 0;
    this.probesInFlight = 0;
    this.probeCalls = 0;
    this.probeFailures = 0;
    this.probeSlow = 0;
    let openForMs: number | undefined;
    if (to === OPEN) {
      const o = this.options;
      openForMs = Math.min(
        o.maxWaitDurationInOpenStateMs,
        o.waitDurationInOpenStateMs * o.openWaitMultiplier ** this.trips,
      );
      this.trips++;
      this.openUntil = at + openForMs;
    }
    if (this.stateListeners.length === 0) return;
    const event: StateChangeEvent = { breaker: this.name, from: STATE_NAMES[from], to: STATE_NAMES[to], at };
    if (openForMs !== undefined) event.openForMs = openForMs;
    for (const listener of this.stateListeners) listener(event);
  }

  private notify(outcome: CallOutcome, durationMs: number): void {
    const listeners = this.callListeners;
    for (let i = 0; i < listeners.length; i++) listeners[i](outcome, durationMs);
  }
}

function subscribe<L>(listeners: L[], listener: L): () => void {
  listeners.push(listener);
  return () => {
    const index = listeners.indexOf(listener);
    if (index >= 0) listeners.splice(index, 1);
  };
}
