/**
 * Binary min-heap that tells its owner where each item moves (`moved(item, index)`, -1 once it
 * left), so the owner can find an item's position in O(1) and remove or re-prioritise it in
 * O(log n). The expiry heap and the hot-key tracker are both built on it.
 */
export class IndexedMinHeap<T> {
  private readonly items: T[] = [];

  constructor(
    private readonly priority: (item: T) => number,
    private readonly moved: (item: T, index: number) => void,
  ) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  at(index: number): T | undefined {
    return this.items[index];
  }

  values(): readonly T[] {
    return this.items;
  }

  push(item: T): void {
    this.items.push(item);
    this.moved(item, this.items.length - 1);
    this.siftUp(this.items.length - 1);
  }

  /** Removes the item at `index`; its `moved` is called with -1. */
  removeAt(index: number): void {
    const removed = this.items[index];
    const last = this.items.pop() as T;
    this.moved(removed, -1);
    if (last === removed) return;
    this.items[index] = last;
    this.moved(last, index);
    this.update(index);
  }

  /** Restores the heap order after the priority of the item at `index` changed. */
  update(index: number): void {
    this.siftDown(this.siftUp(index));
  }

  /** Puts `item` in place of the smallest one (which leaves with `moved(top, -1)`). */
  replaceTop(item: T): void {
    this.moved(this.items[0], -1);
    this.items[0] = item;
    this.moved(item, 0);
    this.siftDown(0);
  }

  clear(): void {
    for (const item of this.items) this.moved(item, -1);
    this.items.length = 0;
  }

  private siftUp(start: number): number {
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >>> 1;
      if (this.priority(this.items[parent]) <= this.priority(this.items[index])) break;
      this.swap(index, parent);
      index = parent;
    }
    return index;
  }

  private siftDown(start: number): void {
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < this.items.length && this.priority(this.items[left]) < this.priority(this.items[smallest]))
        smallest = left;
      if (right < this.items.length && this.priority(this.items[right]) < this.priority(this.items[smallest]))
        smallest = right;
      if (smallest === index) return;
      this.swap(index, smallest);
      index = smallest;
    }
  }

  private swap(a: number, b: number): void {
    const itemA = this.items[a];
    const itemB = this.items[b];
    this.items[a] = itemB;
    this.items[b] = itemA;
    this.moved(itemA, b);
    this.moved(itemB, a);
  }
}
