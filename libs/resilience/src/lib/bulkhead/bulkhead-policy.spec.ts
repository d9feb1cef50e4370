import { BulkheadPolicy } from './bulkhead-policy';

/** An operation the test finishes by hand. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('BulkheadPolicy (real time)', () => {
  it('runs at most maxConcurrent, queues up to maxQueue in order, rejects the rest at once', async () => {
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 2, maxQueue: 1, name: 'pg' });
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const calls = gates.map((g, i) =>
      bulkhead.execute(async () => {
        started.push(i);
        await g.opened;
        return i;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    expect([bulkhead.active, bulkhead.queued]).toEqual([2, 1]);
    await expect(bulkhead.execute(() => 'never')).rejects.toMatchObject({
      code: 'BULKHEAD_FULL',
      message: 'pg is full: 2 calls running and 1 queued',
    });
    gates[0].open();
    await calls[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    gates[1].open();
    gates[2].open();
    await expect(Promise.all(calls)).resolves.toEqual([0, 1, 2]);
    expect([bulkhead.active, bulkhead.queued]).toEqual([0, 0]);
  });

  it('frees the slot when the operation fails', async () => {
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1 });
    await expect(bulkhead.execute(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(bulkhead.execute(() => 'next')).resolves.toBe('next');
  });

  it('takes an aborted caller out of the queue with ABORTED', async () => {
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 2 });
    const first = gate();
    const running = bulkhead.execute(() => first.opened);
    const caller = new AbortController();
    const queued = bulkhead.execute(() => 'skipped', { signal: caller.signal });
    const after = bulkhead.execute(() => 'after');
    caller.abort('gone');
    await expect(queued).rejects.toMatchObject({ code: 'ABORTED', cause: 'gone' });
    expect(bulkhead.queued).toBe(1);
    first.open();
    await running;
    await expect(after).resolves.toBe('after');
  });
});
