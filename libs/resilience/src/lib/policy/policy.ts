import type { ExecutionContext } from './execution-context';
import type { Operation } from './operation';

/**
 * Something that runs an operation on the caller's behalf: a breaker, a retry, a timeout, a
 * bulkhead, a rate limit, a fallback, or a composition of them ({@link wrap}).
 *
 * `Extra` is what the policy may answer instead of the operation's value (a fallback's value);
 * every other policy answers the operation's own type.
 */
export interface Policy<Extra = never> {
  execute<T>(operation: Operation<T>, context?: ExecutionContext): Promise<T | Extra>;
}
