/** What the heap needs from an entry: its deadline and a slot for its position (-1 when absent). */
export interface ExpiringItem {
  /** Absolute time (ms) after which the item must never be served. */
  readonly deadline: number;
  heapIndex: number;
}
