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
