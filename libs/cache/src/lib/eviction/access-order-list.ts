/** What a node needs to sit in an {@link AccessOrderList}: the links live in the node itself. */
export interface Linked<T> {
  prev: T | null;
  next: T | null;
}

/**
 * Intrusive doubly-linked list in access order: head = least recently used, tail = most recently
 * used. Every operation is O(1); the caller guarantees a node is in at most one list at a time.
 */
export class AccessOrderList<T extends Linked<T>> {
  head: T | null = null;
  tail: T | null = null;
  size = 0;

  /** Appends `node` at the most-recently-used end. */
  push(node: T): void {
    node.prev = this.tail;
    node.next = null;
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
    this.size++;
  }

  remove(node: T): void {
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = null;
    node.next = null;
    this.size--;
  }

  moveToTail(node: T): void {
    if (this.tail === node) return;
    this.remove(node);
    this.push(node);
  }

  clear(): void {
    this.head = null;
    this.tail = null;
    this.size = 0;
  }
}
