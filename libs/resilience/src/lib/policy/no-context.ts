import type { ExecutionContext } from './execution-context';

/** The context of a call nobody can abort. Frozen and shared: it costs nothing per call. */
export const NO_CONTEXT: ExecutionContext = Object.freeze({ signal: undefined });
