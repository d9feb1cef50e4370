import type { ExecutionContext } from './execution-context';

/** The work a policy protects: a function of the execution context, sync or async. */
export type Operation<T> = (context: ExecutionContext) => PromiseLike<T> | T;
