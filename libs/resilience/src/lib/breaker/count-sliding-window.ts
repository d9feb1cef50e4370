import { FAILED, SLOW, type SlidingWindow } from './sliding-window';

/** The last `size` calls, in a ring of one byte per call: O(1) per call, no allocation. */
export class CountSlidingWindow implements SlidingWindow {
  calls = 0;
  failures = 0;
  slow = 0;
  private readonly ring: Uint8Array;
  private head = 0;

  constructor(private readonly size: number) {
    this.ring = new Uint8Array(size);
  }

  record(flags: number): void {
    if (this.calls === this.size) {
      const evicted = this.ring[this.head];
      this.failures -= evicted & FAILED;
      this.slow -= (evicted & SLOW) >> 1;
    } else {
      this.calls++;
    }
    this.ring[this.head] = flags;
    this.failures += flags & FAILED;
    this.slow += (flags & SLOW) >> 1;
    this.head = this.head + 1 === this.size ? 0 : this.head + 1;
  }

  advance(): void {
    // A count window does not age.
  }

  reset(): void {
    this.calls = 0;
    this.failures = 0;
    this.slow = 0;
    this.head = 0;
  }
}
