import type { EvictionPolicyName } from '../eviction/eviction-policy-name';
import type { EvictionReason } from './eviction-reason';
import type { L1ByteBudget } from './l1-byte-budget';

export interface L1StoreOptions<V> {
  /** Most entries resident at once (positive integer). */
  maxEntries: number;
  /** Most bytes resident at once, as the sum of the callers' `size`s (positive). */
  maxBytes: number;
  /** Eviction policy; default `tinylfu`. */
  policy?: EvictionPolicyName;
  /** Current time in ms; default {@link taskClock} (`Date.now()` as of the current task). Inject a fake one in tests. */
  clock?: () => number;
  /** Called after an entry left the store for a reason other than overwrite or `clear()`. */
  onEvict?: (key: string, value: V, reason: EvictionReason) => void;
  /** Adaptive window sizing for `tinylfu` (default true). */
  adaptiveWindow?: boolean;
  /** Randomness for `tinylfu`'s anti-flooding admission; default `Math.random`. */
  random?: () => number;
  /** How many hot-key candidates `topK` chooses from (default 32). */
  hotKeyCandidates?: number;
  /**
   * A byte budget shared with other stores, on top of `maxBytes`: when a write takes the sum over
   * it, the largest store sheds its own victims (see {@link L1ByteBudget}). `close()` leaves it.
   */
  budget?: L1ByteBudget;
}
