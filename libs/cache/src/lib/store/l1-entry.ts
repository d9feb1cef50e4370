/**
 * Heap an entry takes in an L1Store besides its key and value: the map slot, this record, and its
 * slots in the hit, policy, hash and expiry tables (measured with small-integer values, whose heap
 * is the entry's alone; docs/cache.md has the figures).
 */
export const L1_ENTRY_OVERHEAD_BYTES = 208;

/**
 * A resident key's cold data in an L1Store, by id. What a hit reads (its stamps, value and tags)
 * lives in the store's HitTable, and its policy links and key hash in the policy's and the
 * KeyHashTable's arrays, all by `id`.
 */
export interface L1Entry {
  readonly key: string;
  /** Small integer, unique among the resident entries and reused after; indexes the tables. */
  readonly id: number;
  size: number;
  /** `staleUntil`: never served at or after this time; the expiry heap's key. */
  deadline: number;
  heapIndex: number;
}
