import type { EvictionPolicyName } from './eviction-policy-name';

/**
 * Decides which resident entry leaves when the store is over a bound. The store holds the values and
 * tells the policy what happened to its entries, each known by a small-integer id the store assigns
 * (and reuses once the entry is gone); the policy only orders ids. Every method is O(1) (amortized
 * for the occasional window resize and array growth).
 */
export interface EvictionPolicy {
  readonly name: EvictionPolicyName;
  /** A read found the resident entry `id`. */
  onHit(id: number): void;
  /** A read found nothing. */
  onMiss(): void;
  /** Entry `id` became resident; `hash` is its key's {@link hashKey}. */
  onAdd(id: number, hash: number): void;
  /** Resident entry `id` was overwritten. */
  onUpdate(id: number): void;
  /** Resident entry `id` left the store (deleted, expired or evicted). */
  onRemove(id: number): void;
  /** The id of the resident entry to evict next, or -1 when none; the store then removes it. */
  victim(): number;
  clear(): void;
}
