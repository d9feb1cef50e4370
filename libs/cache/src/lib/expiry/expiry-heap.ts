import { IndexedMinHeap } from '../heap/indexed-min-heap';
import type { ExpiringItem } from './expiring-item';

/**
 * Indexed binary min-heap keyed by deadline: `peek` is O(1), `push` and `remove` O(log n). Chosen
 * over a timer wheel because deadlines are arbitrary absolute times (no tick to pick) and the
 * cost is small; the position kept in each item makes removal of an arbitrary entry cheap, so a
 * sweep only looks at entries that are actually due.
 */
export class ExpiryHeap<T extends ExpiringItem> {
  private readonly heap = new IndexedMinHeap<T>(
    (item) => item.deadline,
    (item, index) => {
      item.heapIndex = index;
    },
  );

  get size(): number {
    return this.heap.size;
  }

  peek(): T | undefined {
    return this.heap.peek();
  }

  push(item: T): void {
    this.heap.push(item);
  }

  remove(item: T): void {
    const index = item.heapIndex;
    if (index < 0 || this.heap.at(index) !== item) return;
    this.heap.removeAt(index);
  }

  clear(): void {
    this.heap.clear();
  }
}
