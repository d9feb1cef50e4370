import type { ExecutionContext } from '../policy/execution-context';

/** A fallback's configuration. */
export interface FallbackOptions<F> {
  /** The answer when the operation failed: a default, a stale value, a degraded response. */
  fallback: (error: unknown, context: ExecutionContext) => F | PromiseLike<F>;
  /** Which errors the fallback answers (default: all); the others are rethrown. */
  shouldHandle?: (error: unknown) => boolean;
}
