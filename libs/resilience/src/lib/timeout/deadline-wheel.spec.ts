import { DeadlineWheel } from './deadline-wheel';
import type { Expirable } from './expirable';

describe('DeadlineWheel', () => {
  it('expires what one late tick finds due in deadline order, across durations', async () => {
    const wheel = new DeadlineWheel();
    // The 40 ms queue is made first, so it comes first in the wheel's own order.
    const long = wheel.queue(40);
    const short = wheel.queue(10);
    const expired: string[] = [];
    let allExpired!: () => void;
    const done = new Promise<void>((resolve) => (allExpired = resolve));
    const entry = (name: string, deadline: number): Expirable => ({
      deadline,
      prev: undefined,
      next: undefined,
      expire: () => {
        expired.push(name);
        if (expired.length === 3) allExpired();
      },
    });
    // Deadlines already past, as a tick after a stalled event loop finds them.
    const now = performance.now();
    wheel.arm(long, 40, entry('long, started first', now - 30));
    wheel.arm(long, 40, entry('long, started last', now - 5));
    wheel.arm(short, 10, entry('short', now - 10));

    await done;
    expect(expired).toEqual(['long, started first', 'short', 'long, started last']);
    expect(wheel.pending).toBe(0);
  });
});
