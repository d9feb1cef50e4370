import { performance } from 'node:perf_hooks';
import type { AcquireWaiter } from './acquire-waiter';

/**
 * FIFO of waiting callers with O(1) push, take and removal: a waiter that times out or is aborted is
 * only marked `settled` and skipped when it reaches the head. Since every waiter of a pool has the
 * same timeout, deadlines are ascending and one timer, on the head, serves the whole queue: when it
 * fires, the expired waiters are settled and handed to `onExpired`, and it is set again for the new
 * head. A served head leaves the timer as it is (it fires, finds nothing expired, moves on).
 */
export class WaiterQueue {
  private items: (AcquireWaiter | undefined)[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Waiters not settled yet. */
  live = 0;

  /** Without `onExpired`, deadlines are not enforced (unit tests of the queue alone). */
  constructor(private readonly onExpired?: (waiter: AcquireWaiter, now: number) => void) {}

  push(waiter: AcquireWaiter): void {
    this.items.push(waiter);
    this.live++;
    this.arm();
  }

  /** Puts a waiter back at the head (its connection failed validation: it keeps its place). */
  unshift(waiter: AcquireWaiter): void {
    waiter.settled = false;
    if (this.head > 0) this.items[--this.head] = waiter;
    else this.items.unshift(waiter);
    this.live++;
    this.arm();
  }

  /** The oldest waiter not settled yet, without removing it. */
  peek(): AcquireWaiter | undefined {
    while (this.head < this.items.length) {
      const waiter = this.items[this.head];
      if (waiter !== undefined && !waiter.settled) return waiter;
      this.items[this.head++] = undefined;
    }
    this.compact();
    return undefined;
  }

  /** Removes and settles the oldest waiter not settled yet. */
  take(): AcquireWaiter | undefined {
    const waiter = this.peek();
    if (waiter === undefined) return undefined;
    this.items[this.head++] = undefined;
    this.settle(waiter);
    this.compact();
    return waiter;
  }

  /** Marks a waiter settled; false when it already was (served, timed out or aborted before). */
  settle(waiter: AcquireWaiter): boolean {
    if (waiter.settled) return false;
    waiter.settled = true;
    this.live--;
    if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
    return true;
  }

  /** Settles and returns every waiting caller, oldest first. */
  drain(): AcquireWaiter[] {
    const drained: AcquireWaiter[] = [];
    for (let waiter = this.take(); waiter !== undefined; waiter = this.take()) drained.push(waiter);
    return drained;
  }

  /** Stops the deadline timer (the pool is ending and drains the queue itself). */
  stop(): void {
    clearTimeout(this.timer);
  }

  private arm(): void {
    if (this.timer !== undefined || this.onExpired === undefined) return;
    const head = this.peek();
    if (head === undefined) return;
    this.timer = setTimeout(this.expire, Math.max(1, Math.ceil(head.deadline - performance.now())));
    this.timer.unref();
  }

  private readonly expire = (): void => {
    this.timer = undefined;
    const now = performance.now();
    for (let head = this.peek(); head !== undefined && head.deadline <= now; head = this.peek()) {
      this.settle(head);
      this.onExpired?.(head, now);
    }
    this.arm();
  };

  private compact(): void {
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
