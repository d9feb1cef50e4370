import { FAILED, SLOW, type SlidingWindow } from './sliding-window';

/**
 * The calls of the last `seconds` seconds, in a ring of one-second buckets (resilience4j's
 * time-based window): a call adds to the current bucket and to running totals; moving into a new
 * second subtracts and clears the buckets that fell out. O(1) amortised, no allocation.
 */
export class TimeSlidingWindow implements SlidingWindow {
  calls = 0;
  failures = 0;
  slow = 0;
  private readonly bucketCalls: Int32Array;
  private readonly bucketFailures: Int32Array;
  private readonly bucketSlow: Int32Array;
  /** Index (in buckets since the clock's origin) of the newest bucket. */
  private latest = -1;

  constructor(
    private readonly seconds: number,
    private readonly bucketMs = 1000,
  ) {
    this.bucketCalls = new Int32Array(seconds);
    this.bucketFailures = new Int32Array(seconds);
    this.bucketSlow = new Int32Array(seconds);
  }

  record(flags: number, now: number): void {
    this.advance(now);
    const bucket = this.latest % this.seconds;
    const failed = flags & FAILED;
    const slow = (flags & SLOW) >> 1;
    this.bucketCalls[bucket]++;
    this.bucketFailures[bucket] += failed;
    this.bucketSlow[bucket] += slow;
    this.calls++;
    this.failures += failed;
    this.slow += slow;
  }

  advance(now: number): void {
    const index = Math.floor(now / this.bucketMs);
    if (index <= this.latest) return;
    if (this.latest < 0 || index - this.latest >= this.seconds) {
      this.clear();
    } else {
      for (let i = this.latest + 1; i <= index; i++) {
        const bucket = i % this.seconds;
        this.calls -= this.bucketCalls[bucket];
        this.failures -= this.bucketFailures[bucket];
        this.slow -= this.bucketSlow[bucket];
        this.bucketCalls[bucket] = 0;
        this.bucketFailures[bucket] = 0;
        this.bucketSlow[bucket] = 0;
      }
    }
    this.latest = index;
  }

  reset(): void {
    this.clear();
    this.latest = -1;
  }

  private clear(): void {
    this.bucketCalls.fill(0);
    this.bucketFailures.fill(0);
    this.bucketSlow.fill(0);
    this.calls = 0;
    this.failures = 0;
    this.slow = 0;
  }
}
