import { DeadlineQueue } from './deadline-queue';
import type { Expirable } from './expirable';

/**
 * Every timeout of the process on ONE interval timer instead of a timer per call (arming and
 * clearing a Node timer per call costs more than the breaker logic it guards). One FIFO per
 * duration (see {@link DeadlineQueue}). The timer runs only while deadlines are armed and ticks at
 * a quarter of the shortest duration (1–10 ms); a timeout therefore fires between `ms` and `ms`
 * plus one tick after the call started.
 */
export class DeadlineWheel {
  /** The process-wide wheel every {@link TimeoutPolicy} shares. */
  static readonly shared = new DeadlineWheel();

  private readonly queues = new Map<number, DeadlineQueue>();
  private timer: NodeJS.Timeout | undefined;
  private tickMs = Infinity;

  /** The queue of deadlines `ms` from their start; a policy keeps it and arms entries on it. */
  queue(ms: number): DeadlineQueue {
    let queue = this.queues.get(ms);
    if (queue === undefined) {
      queue = new DeadlineQueue();
      this.queues.set(ms, queue);
    }
    return queue;
  }

  /** Arms `entry` on `queue` (from {@link queue}) and makes sure the timer runs. */
  arm(queue: DeadlineQueue, ms: number, entry: Expirable): void {
    queue.push(entry);
    if (this.timer === undefined || ms < this.tickMs * 4) this.start(ms);
  }

  /** Deadlines armed now. */
  get pending(): number {
    let pending = 0;
    for (const queue of this.queues.values()) pending += queue.size;
    return pending;
  }

  private start(ms: number): void {
    const tick = Math.max(1, Math.min(10, Math.floor(ms / 4)));
    if (this.timer !== undefined && tick >= this.tickMs) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.tickMs = tick;
    // Referenced, as a setTimeout per call would be: a pending timeout keeps the process alive
    // until it fires (an operation that is only a promise holds nothing else). The timer stops
    // as soon as no deadline is armed, so it never holds an idle process.
    this.timer = setInterval(() => this.tick(), tick);
  }

  /**
   * Expires every deadline due by now, earliest first across the durations: a tick late enough to
   * find several due (a stalled event loop) still rejects the calls in the order their deadlines
   * passed. A pass over the few queues (one per duration) per expiry.
   */
  private tick(): void {
    const now = performance.now();
    for (let due = this.earliest(now); due !== undefined; due = this.earliest(now)) due.expireNext();
    if (this.pending === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.tickMs = Infinity;
    }
  }

  /** The queue whose next deadline is the earliest, if that one is due by `now`. */
  private earliest(now: number): DeadlineQueue | undefined {
    let earliest: DeadlineQueue | undefined;
    for (const queue of this.queues.values()) {
      if (
        queue.nextDeadline <= now &&
        (earliest === undefined || queue.nextDeadline < earliest.nextDeadline)
      ) {
        earliest = queue;
      }
    }
    return earliest;
  }
}
