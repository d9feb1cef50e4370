import type { WriteBehindJobData } from '@hotpath/contracts';

/** Where write-behind entries go once L1/L2 hold them: a durable queue flushed by the worker. */
export interface WriteBehindQueue {
  /** Resolves once the entry is durably queued; the set is acknowledged only then. */
  enqueue(entry: WriteBehindJobData): Promise<void>;
}
