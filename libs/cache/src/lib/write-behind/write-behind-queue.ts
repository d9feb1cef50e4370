import type { WriteBehindJobData } from '@hotpath/contracts';
import type { CachePolicy } from '../policy/cache-policy';

/** Where write-behind entries go once acknowledged: durable storage flushed by the worker. */
export interface WriteBehindQueue {
  /**
   * Resolves once the entry is durably staged; the write is acknowledged only then. `policy` is the
   * namespace's policy at the time of the write (its `writeBehind` names the sink and batching).
   */
  enqueue(entry: WriteBehindJobData, policy: CachePolicy): Promise<void>;
}
