import type { Expirable } from './expirable';

/**
 * Deadlines of one timeout duration. Calls of the same duration expire in the order they started,
 * so a FIFO is a sorted list: arming appends, disarming unlinks, expiring looks at the head only.
 * All O(1); an intrusive doubly linked list, so nothing is allocated per call.
 */
export class DeadlineQueue {
  size = 0;
  private head: Expirable | undefined;
  private tail: Expirable | undefined;

  push(entry: Expirable): void {
    entry.prev = this.tail;
    entry.next = undefined;
    if (this.tail === undefined) this.head = entry;
    else this.tail.next = entry;
    this.tail = entry;
    this.size++;
  }

  remove(entry: Expirable): void {
    const { prev, next } = entry;
    if (prev === undefined) {
      if (this.head !== entry) return; // not (or no longer) queued
      this.head = next;
    } else {
      prev.next = next;
    }
    if (next === undefined) this.tail = prev;
    else next.prev = prev;
    entry.prev = undefined;
    entry.next = undefined;
    this.size--;
  }

  /** The deadline of the entry that expires next; Infinity when empty. */
  get nextDeadline(): number {
    return this.head === undefined ? Infinity : this.head.deadline;
  }

  /** Removes and expires the entry that expires next (none when empty). */
  expireNext(): void {
    const entry = this.head;
    if (entry === undefined) return;
    this.remove(entry);
    entry.expire();
  }
}
