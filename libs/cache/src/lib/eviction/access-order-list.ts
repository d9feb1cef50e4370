import type { ListLinks } from './list-links';

const NONE = -1;

/**
 * Intrusive doubly-linked list of entry ids in access order: head = least recently used, tail =
 * most recently used; -1 is "none". The links live in a {@link ListLinks} that several lists share
 * (an id is in at most one list at a time, which the caller guarantees). Every operation is O(1).
 */
export class AccessOrderList {
  head = NONE;
  tail = NONE;
  size = 0;

  constructor(private readonly links: ListLinks) {}

  /** Appends `id` at the most-recently-used end. */
  push(id: number): void {
    const { prev, next } = this.links;
    prev[id] = this.tail;
    next[id] = NONE;
    if (this.tail !== NONE) next[this.tail] = id;
    else this.head = id;
    this.tail = id;
    this.size++;
  }

  remove(id: number): void {
    const { prev, next } = this.links;
    const before = prev[id];
    const after = next[id];
    if (before !== NONE) next[before] = after;
    else this.head = after;
    if (after !== NONE) prev[after] = before;
    else this.tail = before;
    prev[id] = NONE;
    next[id] = NONE;
    this.size--;
  }

  moveToTail(id: number): void {
    if (this.tail === id) return;
    this.remove(id);
    this.push(id);
  }

  clear(): void {
    this.head = NONE;
    this.tail = NONE;
    this.size = 0;
  }
}
