import {
  type CircuitBreaker,
  type DeadlineQueue,
  DeadlineWheel,
  isResilienceError,
  ResilienceError,
} from '@hotpath/resilience';
import { CacheError } from '../errors/cache.error';
import { L2Call, type L2CallOwner } from './l2-call';

const identity = <T>(value: T): T => value;
const invoke = <T>(work: () => PromiseLike<T>): PromiseLike<T> => work();

/** The call whose promise is being made: `new Promise` runs its executor at once, so one slot does. */
let arming: L2Call | undefined;
function capture(resolve: (value: never) => void, reject: (error: unknown) => void): void {
  (arming as L2Call).resolve = resolve as (value: unknown) => void;
  (arming as L2Call).reject = reject;
}

/**
 * The breaker and the timeout around every L2 round trip (see `L2Guard` for the errors), built for
 * the read path. Wrapped as `async` guard → `timeout.execute(closure)` → command, a pipelined GET
 * paid a closure, a timed-call context, a promise and an async frame per layer, and under load the
 * garbage collector's time follows what a call allocates. Here a call is one permit (a number), one
 * clock read, one {@link L2Call} on the process-wide {@link DeadlineWheel}, the caller's promise and
 * the `then` on the command's; a second clock read only when the breaker uses durations (a
 * slow-call threshold or a listener). The permit API's rule holds: every permit is reported once.
 */
export class L2CallGuard implements L2CallOwner {
  private readonly queue: DeadlineQueue;
  /** What the breaker's classifier is shown for a call that ran out of time. */
  private readonly timeoutError: ResilienceError;
  /** One stackless error per command while the breaker is open: failing fast must stay cheap. */
  private readonly openErrors = new Map<string, CacheError>();

  constructor(
    private readonly breaker: CircuitBreaker,
    private readonly timeoutMs: number,
    private readonly wheel = DeadlineWheel.shared,
  ) {
    this.queue = wheel.queue(timeoutMs);
    this.timeoutError = new ResilienceError('TIMEOUT', `L2 call timed out after ${timeoutMs} ms`, {
      stackless: true,
    });
  }

  /** Runs `work()` guarded. */
  run<T>(what: string, work: () => PromiseLike<T>): Promise<T> {
    return this.call(what, invoke, work, identity);
  }

  /**
   * Runs `work(arg)` guarded and answers `answer(reply)`: hot paths pass functions made once and
   * the per-call part as `arg`, so no closure is made per call.
   */
  call<A, T, R>(what: string, work: (arg: A) => PromiseLike<T>, arg: A, answer: (value: T) => R): Promise<R> {
    const permit = this.breaker.tryAcquirePermission();
    if (permit === undefined) return Promise.reject(this.openError(what));
    const started = performance.now();
    let pending: PromiseLike<T>;
    try {
      pending = work(arg);
    } catch (error) {
      this.breaker.onError(permit, this.elapsed(started), error);
      return Promise.reject(failure(what, error, this.timeoutMs));
    }
    const call = new L2Call(this, what, permit, started, started + this.timeoutMs, answer);
    this.wheel.arm(this.queue, this.timeoutMs, call);
    // No closure per call: the executor is one shared function (it finds the call in `arming`),
    // and the reply handlers are the call's methods bound to it (smaller than two closures).
    arming = call;
    const answered = new Promise<R>(capture);
    arming = undefined;
    pending.then(call.succeed.bind(call), call.fail.bind(call));
    return answered;
  }

  /** @internal */
  succeeded(call: L2Call, value: unknown): void {
    if (call.settled) return;
    this.settle(call);
    this.breaker.onSuccess(call.permit, this.elapsed(call.started));
    let answer: unknown;
    try {
      answer = call.answer(value as never);
    } catch (error) {
      call.reject(error);
      return;
    }
    call.resolve(answer);
  }

  /** @internal */
  failed(call: L2Call, error: unknown): void {
    if (call.settled) return;
    this.settle(call);
    this.breaker.onError(call.permit, this.elapsed(call.started), error);
    call.reject(failure(call.what, error, this.timeoutMs));
  }

  /** @internal Called by the wheel, which has already taken the call off the queue. */
  timedOut(call: L2Call): void {
    if (call.settled) return;
    call.settled = true;
    this.breaker.onError(call.permit, performance.now() - call.started, this.timeoutError);
    call.reject(new CacheError('L2_TIMEOUT', `L2 ${call.what} did not answer within ${this.timeoutMs} ms`));
  }

  private settle(call: L2Call): void {
    call.settled = true;
    this.queue.remove(call);
  }

  private elapsed(started: number): number {
    return this.breaker.measuresDuration ? performance.now() - started : 0;
  }

  private openError(what: string): CacheError {
    let error = this.openErrors.get(what);
    if (error === undefined) {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      error = new CacheError('L2_UNAVAILABLE', `L2 circuit is open; ${what} was not attempted`);
      Error.stackTraceLimit = limit;
      this.openErrors.set(what, error);
    }
    return error;
  }
}

/** The error a failed round trip rejects with: a `CacheError` as it is, else `L2_TIMEOUT`/`L2_UNAVAILABLE`. */
function failure(what: string, error: unknown, timeoutMs: number): CacheError {
  if (error instanceof CacheError) return error;
  if (isResilienceError(error, 'TIMEOUT')) {
    return new CacheError('L2_TIMEOUT', `L2 ${what} did not answer within ${timeoutMs} ms`);
  }
  return new CacheError('L2_UNAVAILABLE', `L2 ${what} failed: ${(error as Error).message}`, { cause: error });
}
