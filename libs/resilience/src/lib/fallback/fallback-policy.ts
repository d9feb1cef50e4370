import type { ExecutionContext } from '../policy/execution-context';
import { NO_CONTEXT } from '../policy/no-context';
import type { Operation } from '../policy/operation';
import type { Policy } from '../policy/policy';
import type { FallbackOptions } from './fallback-options';

/** Answers with `fallback(error)` instead of failing, for the errors it handles. */
export class FallbackPolicy<F> implements Policy<F> {
  constructor(private readonly options: FallbackOptions<F>) {}

  async execute<T>(operation: Operation<T>, context: ExecutionContext = NO_CONTEXT): Promise<T | F> {
    try {
      return await operation(context);
    } catch (error) {
      if (this.options.shouldHandle && !this.options.shouldHandle(error)) throw error;
      return this.options.fallback(error, context);
    }
  }
}
