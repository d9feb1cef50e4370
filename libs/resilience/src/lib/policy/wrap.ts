import type { ExecutionContext } from './execution-context';
import { NO_CONTEXT } from './no-context';
import type { Operation } from './operation';
import type { Policy } from './policy';

/** What a policy may answer besides the operation's value (a fallback's value; `never` for the others). */
export type ExtraOf<P> = P extends Policy<infer Extra> ? Extra : never;

/**
 * One policy made of several: the first is the outermost, the last runs the operation.
 * `wrap(retry, breaker, timeout).execute(op)` is `retry(breaker(timeout(op)))`. Each policy hands
 * its context (and so its signal) to the next. See {@link pipeline} for the recommended order.
 */
export function wrap<P extends Policy<unknown>[]>(...policies: P): Policy<ExtraOf<P[number]>> {
  const count = policies.length;
  return {
    execute<T>(operation: Operation<T>, context: ExecutionContext = NO_CONTEXT): Promise<T | ExtraOf<P[number]>> {
      const step = (index: number, current: ExecutionContext): Promise<T> | PromiseLike<T> | T =>
        index === count
          ? operation(current)
          : (policies[index].execute((next) => step(index + 1, next), current) as Promise<T>);
      return Promise.resolve(step(0, context));
    },
  };
}
