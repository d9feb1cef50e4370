import { checkOption } from '../errors/check-option';
import { ResilienceError } from '../errors/resilience.error';
import type { ExecutionContext } from '../policy/execution-context';
import { NO_CONTEXT } from '../policy/no-context';
import type { Operation } from '../policy/operation';
import type { Policy } from '../policy/policy';
import { rejectSoon } from '../policy/reject-soon';
import { BulkheadWaiter } from './bulkhead-waiter';
import type { BulkheadOptions } from './bulkhead-options';

/**
 * At most `maxConcurrent` calls run at once; up to `maxQueue` more wait in FIFO order for a slot;
 * any further call is rejected at once with `BULKHEAD_FULL` (one preallocated, stackless error).
 * A queued call whose signal aborts leaves the queue with `ABORTED`.
 */
export class BulkheadPolicy implements Policy {
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  private readonly fullError: ResilienceError;
  private readonly waiters: BulkheadWaiter[] = [];
  private head = 0;
  private running = 0;
  private waiting = 0;

  constructor(options: BulkheadOptions = {}) {
    this.maxConcurrent = checkOption('bulkhead.maxConcurrent', options.maxConcurrent ?? 10, 1, Infinity, true);
    this.maxQueue = checkOption('bulkhead.maxQueue', options.maxQueue ?? 0, 0, Infinity, true);
    const name = options.name ?? 'bulkhead';
    this.fullError = new ResilienceError(
      'BULKHEAD_FULL',
      `${name} is full: ${this.maxConcurrent} calls running and ${this.maxQueue} queued`,
      { stackless: true },
    );
  }

  /** Calls running now. */
  get active(): number {
    return this.running;
  }

  /** Calls waiting for a slot now. */
  get queued(): number {
    return this.waiting;
  }

  execute<T>(operation: Operation<T>, context: ExecutionContext = NO_CONTEXT): Promise<T> {
    if (this.running < this.maxConcurrent) {
      this.running++;
      return this.run(operation, context);
    }
    if (this.waiting >= this.maxQueue) return rejectSoon(this.fullError);
    return new Promise<void>((resolve, reject) => {
      if (context.signal?.aborted) {
        reject(new ResilienceError('ABORTED', 'the call was aborted before it queued', { cause: context.signal.reason }));
        return;
      }
      this.waiting++;
      this.waiters.push(new BulkheadWaiter(resolve, reject, context.signal, () => this.waiting--));
    }).then(() => this.run(operation, context));
  }

  private async run<T>(operation: Operation<T>, context: ExecutionContext): Promise<T> {
    try {
      return await operation(context);
    } finally {
      this.release();
    }
  }

  /** Hands the slot to the next live waiter, or frees it. */
  private release(): void {
    while (this.head < this.waiters.length) {
      const waiter = this.waiters[this.head++];
      if (this.head === this.waiters.length || this.head > 1024) this.compact();
      if (waiter.cancelled) continue;
      this.waiting--;
      waiter.admit();
      return;
    }
    this.running--;
  }

  private compact(): void {
    this.waiters.splice(0, this.head);
    this.head = 0;
  }
}
