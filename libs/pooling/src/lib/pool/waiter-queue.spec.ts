import type { AcquireWaiter } from './acquire-waiter';
import { WaiterQueue } from './waiter-queue';

const waiter = (deadline: number): AcquireWaiter => ({
  callback: () => undefined,
  startedAt: 0,
  deadline,
  site: undefined,
  settled: false,
});

describe('WaiterQueue', () => {
  it('serves in arrival order and skips waiters settled in the middle', () => {
    const queue = new WaiterQueue();
    const [a, b, c] = [waiter(1), waiter(2), waiter(3)];
    [a, b, c].forEach((w) => queue.push(w));

    expect(queue.settle(b)).toBe(true);
    expect(queue.live).toBe(2);
    expect(queue.take()).toBe(a);
    expect(queue.take()).toBe(c);
    expect(queue.take()).toBeUndefined();
    expect(queue.live).toBe(0);
  });

  it('settles a waiter once only', () => {
    const queue = new WaiterQueue();
    const a = waiter(1);
    queue.push(a);

    expect([queue.settle(a), queue.settle(a), queue.live]).toEqual([true, false, 0]);
  });

  it('puts a waiter back at the head', () => {
    const queue = new WaiterQueue();
    const [a, b] = [waiter(1), waiter(2)];
    queue.push(a);
    queue.push(b);
    const first = queue.take() as AcquireWaiter;
    queue.unshift(first);

    expect(queue.peek()).toBe(a);
    expect(queue.drain()).toEqual([a, b]);
  });

  it('stays correct across many pushes and takes (compaction)', () => {
    const queue = new WaiterQueue();
    const taken: number[] = [];
    for (let i = 0; i < 5000; i++) {
      queue.push(waiter(i));
      if (i % 3 === 0) taken.push((queue.take() as AcquireWaiter).deadline);
    }
    const rest = queue.drain().map((w) => w.deadline);

    expect([...taken, ...rest]).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });
});
