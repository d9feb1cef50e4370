import { once } from 'node:events';
import { isResilienceError } from '../errors/resilience.error';
import type { ExecutionContext } from '../policy/execution-context';
import { DeadlineWheel } from './deadline-wheel';
import { TimeoutPolicy } from './timeout-policy';

describe('TimeoutPolicy (real time)', () => {
  it('passes a value or an error through when the operation answers in time', async () => {
    const timeout = new TimeoutPolicy({ ms: 200 });
    await expect(timeout.execute(async () => 7)).resolves.toBe(7);
    await expect(timeout.execute(() => 8)).resolves.toBe(8);
    await expect(timeout.execute(() => Promise.reject(new Error('own')))).rejects.toThrow('own');
  });

  it('rejects with TIMEOUT after ms (within one tick) and aborts the signal', async () => {
    const timeout = new TimeoutPolicy({ ms: 20, name: 'query' });
    let signal: AbortSignal | undefined;
    const started = performance.now();
    const error = await timeout
      .execute((context) => {
        signal = context.signal;
        return new Promise(() => undefined);
      })
      .catch((caught: unknown) => caught);
    const elapsed = performance.now() - started;
    expect(isResilienceError(error, 'TIMEOUT')).toBe(true);
    expect((error as Error).message).toBe('query timed out after 20 ms');
    expect(elapsed).toBeGreaterThanOrEqual(19);
    expect(elapsed).toBeLessThan(20 + 5 + 50); // one 5 ms tick, plus scheduling slack
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(error);
  });

  it('ignores a late answer after the timeout (no unhandled rejection)', async () => {
    const timeout = new TimeoutPolicy({ ms: 5 });
    let fail!: (error: Error) => void;
    const late = new Promise((_resolve, reject) => (fail = reject));
    await expect(timeout.execute(() => late)).rejects.toMatchObject({ code: 'TIMEOUT' });
    fail(new Error('too late'));
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('passes the caller abort on to the operation signal', async () => {
    const caller = new AbortController();
    const timeout = new TimeoutPolicy({ ms: 5_000 });
    const running = timeout.execute(async (context: ExecutionContext) => {
      const signal = context.signal as AbortSignal;
      queueMicrotask(() => caller.abort('client went away'));
      await once(signal, 'abort');
      throw signal.reason;
    }, { signal: caller.signal });
    await expect(running).rejects.toBe('client went away');
  });

  it('arms no timer per call: deadlines share the wheel and are disarmed when calls finish', async () => {
    const wheel = new DeadlineWheel();
    const timeout = new TimeoutPolicy({ ms: 1_000 }, wheel);
    const pending = Array.from({ length: 100 }, () => timeout.execute(() => new Promise((resolve) => setImmediate(resolve))));
    expect(wheel.pending).toBe(100);
    await Promise.all(pending);
    expect(wheel.pending).toBe(0);
  });

  it('expires many calls of mixed durations in deadline order', async () => {
    const short = new TimeoutPolicy({ ms: 10 });
    const long = new TimeoutPolicy({ ms: 40 });
    const order: string[] = [];
    const hang = () => new Promise(() => undefined);
    await Promise.all([
      long.execute(hang).catch(() => order.push('long')),
      short.execute(hang).catch(() => order.push('short')),
    ]);
    expect(order).toEqual(['short', 'long']);
  });
});
