import { checkOption } from '../errors/check-option';
import { ResilienceError } from '../errors/resilience.error';
import type { ExecutionContext } from '../policy/execution-context';
import { NO_CONTEXT } from '../policy/no-context';
import type { Operation } from '../policy/operation';
import type { Policy } from '../policy/policy';
import type { DeadlineQueue } from './deadline-queue';
import { DeadlineWheel } from './deadline-wheel';
import { TimedCall } from './timed-call';
import type { TimeoutOptions } from './timeout-options';

/**
 * Rejects with `TIMEOUT` when the operation has not settled after `ms`, and aborts the signal it
 * was given (`context.signal`), so `fetch` or a query can stop working too. A late settlement is
 * ignored (never an unhandled rejection). The caller's own signal, when given, is passed on.
 *
 * Costs no timer per call: deadlines sit on the shared {@link DeadlineWheel}; the rejection is one
 * preallocated, stackless error per policy.
 */
export class TimeoutPolicy implements Policy {
  readonly ms: number;
  private readonly error: ResilienceError;
  private readonly queue: DeadlineQueue;

  constructor(
    options: TimeoutOptions,
    private readonly wheel: DeadlineWheel = DeadlineWheel.shared,
  ) {
    this.ms = checkOption('timeout.ms', options.ms, 1);
    this.queue = wheel.queue(this.ms);
    this.error = new ResilienceError('TIMEOUT', `${options.name ?? 'operation'} timed out after ${this.ms} ms`, {
      stackless: true,
    });
  }

  execute<T>(operation: Operation<T>, context: ExecutionContext = NO_CONTEXT): Promise<T> {
    const call = new TimedCall(performance.now() + this.ms, this.queue, context.signal, this.error);
    let result: PromiseLike<T> | T;
    try {
      result = operation(call);
    } catch (error) {
      return Promise.reject(error);
    }
    if (!isThenable(result)) return Promise.resolve(result);
    this.wheel.arm(this.queue, this.ms, call);
    return new Promise<T>((resolve, reject) => {
      call.reject = reject;
      result.then(
        (value) => {
          call.finish();
          resolve(value);
        },
        (error: unknown) => {
          call.finish();
          reject(error);
        },
      );
    });
  }
}

function isThenable<T>(value: PromiseLike<T> | T): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | undefined)?.then === 'function';
}
