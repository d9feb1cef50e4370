import { IndexedMinHeap } from '../heap/indexed-min-heap';
import type { HotKey } from './hot-key';

/**
 * Bounded min-heap of the `capacity` most frequent keys seen on access, by the frequency passed
 * in. `record` costs O(log capacity) (a Map lookup plus one sift); `topK` costs
 * O(capacity log capacity) because it re-reads every candidate's current frequency (aging halves
 * them) and sorts. Keys leaving the store are dropped with `remove` (O(log capacity)).
 */
export class HotKeyTracker {
  private readonly positions = new Map<string, number>();
  private readonly heap = new IndexedMinHeap<HotKey>(
    (candidate) => candidate.frequency,
    (candidate, index) => {
      if (index < 0) this.positions.delete(candidate.key);
      else this.positions.set(candidate.key, index);
    },
  );

  constructor(private readonly capacity: number) {}

  /** A key whose frequency is not above this cannot enter the candidates (-1 while there is room). */
  get floor(): number {
    return this.heap.size < this.capacity ? -1 : (this.heap.peek() as HotKey).frequency;
  }

  record(key: string, frequency: number): void {
    const position = this.positions.get(key);
    if (position !== undefined) {
      (this.heap.at(position) as HotKey).frequency = frequency;
      this.heap.update(position);
      return;
    }
    if (this.heap.size < this.capacity) {
      this.heap.push({ key, frequency });
      return;
    }
    if (this.capacity === 0 || frequency <= (this.heap.peek() as HotKey).frequency) return;
    this.heap.replaceTop({ key, frequency });
  }

  remove(key: string): void {
    const position = this.positions.get(key);
    if (position !== undefined) this.heap.removeAt(position);
  }

  /** The `k` hottest tracked keys, by `currentFrequency`, hottest first. */
  top(k: number, currentFrequency: (key: string) => number): HotKey[] {
    return this.heap
      .values()
      .map(({ key }) => ({ key, frequency: currentFrequency(key) }))
      .sort((a, b) => b.frequency - a.frequency || a.key.localeCompare(b.key))
      .slice(0, Math.max(0, k));
  }

  clear(): void {
    this.heap.clear();
  }
}
