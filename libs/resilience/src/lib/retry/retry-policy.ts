import { checkOption } from '../errors/check-option';
import { isResilienceError } from '../errors/resilience.error';
import type { ExecutionContext } from '../policy/execution-context';
import { NO_CONTEXT } from '../policy/no-context';
import type { Operation } from '../policy/operation';
import type { Policy } from '../policy/policy';
import { abortableDelay } from './abortable-delay';
import { decorrelatedJitter } from './decorrelated-jitter';
import type { RetryOptions } from './retry-options';

const defaultShouldRetry = (error: unknown): boolean => !isResilienceError(error, 'BREAKER_OPEN', 'ABORTED');
const never = (): boolean => false;

/**
 * Runs the operation again when it fails, up to `maxAttempts` in all and never starting an attempt
 * past `maxElapsedMs`, waiting a decorrelated-jitter delay in between. When it gives up it throws
 * the last attempt's own error (or returns the last result), so the classifiers and the fallback
 * outside see what actually happened. The wait ends early, with `ABORTED`, if the caller's signal aborts.
 */
export class RetryPolicy implements Policy {
  private readonly maxAttempts: number;
  private readonly maxElapsedMs: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly shouldRetry: NonNullable<RetryOptions['shouldRetry']>;
  private readonly shouldRetryResult: NonNullable<RetryOptions['shouldRetryResult']>;
  private readonly random: () => number;

  constructor(private readonly options: RetryOptions = {}) {
    this.maxAttempts = checkOption('retry.maxAttempts', options.maxAttempts ?? 3, 1, Infinity, true);
    this.maxElapsedMs = checkOption('retry.maxElapsedMs', options.maxElapsedMs ?? Infinity, 0);
    this.baseDelayMs = checkOption('retry.baseDelayMs', options.baseDelayMs ?? 50, 0);
    this.maxDelayMs = checkOption('retry.maxDelayMs', options.maxDelayMs ?? 5_000, this.baseDelayMs);
    this.shouldRetry = options.shouldRetry ?? defaultShouldRetry;
    this.shouldRetryResult = options.shouldRetryResult ?? never;
    this.random = options.random ?? Math.random;
  }

  async execute<T>(operation: Operation<T>, context: ExecutionContext = NO_CONTEXT): Promise<T> {
    const started = performance.now();
    let delayMs = this.baseDelayMs;
    for (let attempt = 1; ; attempt++) {
      let failed = false;
      let error: unknown;
      let value: T | undefined;
      try {
        value = await operation(context);
      } catch (caught) {
        failed = true;
        error = caught;
      }
      const again = failed ? this.shouldRetry(error, attempt) : this.shouldRetryResult(value, attempt);
      if (!again || attempt >= this.maxAttempts) {
        if (failed) throw error;
        return value as T;
      }
      delayMs = decorrelatedJitter(delayMs, this.baseDelayMs, this.maxDelayMs, this.random);
      if (performance.now() - started + delayMs > this.maxElapsedMs) {
        if (failed) throw error;
        return value as T;
      }
      this.options.onRetry?.({ attempt, delayMs, error: failed ? error : undefined });
      await abortableDelay(delayMs, context.signal);
    }
  }
}
