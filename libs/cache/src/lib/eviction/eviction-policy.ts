import type { EvictionPolicyName } from './eviction-policy-name';

/**
 * Decides which resident key leaves when the store is over a bound. The store holds the values and
 * tells the policy what happened; the policy only orders keys. Every method is O(1) (amortized
 * for the occasional window resize).
 */
export interface EvictionPolicy {
  readonly name: EvictionPolicyName;
  /** A read found a resident key: `handle` is what `onAdd` returned for it (no lookup by key). */
  onHit(handle: object): void;
  /** A read did not find `key`. */
  onMiss(key: string): void;
  /** `key` became resident; `hash` is its {@link hashKey}. Returns the handle of later `onHit`s. */
  onAdd(key: string, hash: number): object;
  /** Resident `key` was overwritten. */
  onUpdate(key: string): void;
  /** `key` left the store (deleted, expired or evicted). */
  onRemove(key: string): void;
  /** The resident key to evict next, or undefined when none; the store then removes it. */
  victim(): string | undefined;
  clear(): void;
}
