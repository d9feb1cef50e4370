import { ResilienceError } from '../errors/resilience.error';
import type { ExecutionContext } from '../policy/execution-context';
import { NO_CONTEXT } from '../policy/no-context';
import type { Operation } from '../policy/operation';
import type { Policy } from '../policy/policy';
import type { RateLimitOptions } from './rate-limit-options';

/**
 * Runs the operation only when the limiter grants the budget; otherwise rejects with
 * `RATE_LIMITED`, carrying `Retry-After` in its headers. It never waits for budget: a caller that
 * wants to wait composes a retry outside it.
 */
export class RateLimitPolicy implements Policy {
  constructor(private readonly options: RateLimitOptions) {}

  async execute<T>(operation: Operation<T>, context: ExecutionContext = NO_CONTEXT): Promise<T> {
    const decision = await this.options.limiter.tryAcquire(this.options.cost ?? 1);
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new ResilienceError(
        'RATE_LIMITED',
        `${this.options.name ?? 'rate limit'} exceeded; retry in ${decision.retryAfterMs} ms`,
        { stackless: true, headers: { 'Retry-After': String(seconds) } },
      );
    }
    return operation(context);
  }
}
