import { ResilienceError } from '../errors/resilience.error';
import type { RetryEvent } from './retry-event';
import { RetryPolicy } from './retry-policy';

/** An operation failing `failures` times, then answering `value`; counts its attempts. */
function flaky(failures: number, value = 'ok') {
  const state = { attempts: 0 };
  const operation = async () => {
    state.attempts++;
    if (state.attempts <= failures) throw new Error(`attempt ${state.attempts} failed`);
    return value;
  };
  return { state, operation };
}

describe('RetryPolicy (real time)', () => {
  it.each<[string, number, number, string | undefined, number]>([
    ['succeeds at once: one attempt', 0, 3, 'ok', 1],
    ['fails twice then succeeds within 3 attempts', 2, 3, 'ok', 3],
    ['gives up after maxAttempts with the last error', 5, 3, undefined, 3],
    ['maxAttempts 1 never retries', 1, 1, undefined, 1],
  ])('%s', async (_title, failures, maxAttempts, expected, attempts) => {
    const { state, operation } = flaky(failures);
    const retry = new RetryPolicy({ maxAttempts, baseDelayMs: 1, maxDelayMs: 5 });
    if (expected === undefined) await expect(retry.execute(operation)).rejects.toThrow(`attempt ${attempts} failed`);
    else await expect(retry.execute(operation)).resolves.toBe(expected);
    expect(state.attempts).toBe(attempts);
  });

  it('waits decorrelated-jitter delays between base and the cap, growing', async () => {
    const events: RetryEvent[] = [];
    const { operation } = flaky(4);
    const retry = new RetryPolicy({ maxAttempts: 5, baseDelayMs: 2, maxDelayMs: 20, random: () => 0.999, onRetry: (event) => events.push(event) });
    const started = performance.now();
    await retry.execute(operation);
    const delays = events.map((event) => Math.round(event.delayMs));
    expect(delays).toEqual([6, 18, 20, 20]); // 3 × previous each time, capped at 20
    expect(performance.now() - started).toBeGreaterThanOrEqual(60);
    expect(events.map((event) => event.attempt)).toEqual([1, 2, 3, 4]);
  });

  it('stops before maxElapsedMs would be exceeded', async () => {
    // A loaded machine fires timers late, which changes how many attempts fit in 50 ms: the rule is
    // checked on the times the attempts really started (to within 2 ms of the policy's own clock).
    const tolerance = 2;
    const starts: number[] = [];
    const origin = performance.now();
    const operation = async () => {
      starts.push(performance.now() - origin);
      throw new Error('down');
    };
    const retry = new RetryPolicy({ maxAttempts: 100, baseDelayMs: 20, maxDelayMs: 20, maxElapsedMs: 50 });
    await expect(retry.execute(operation)).rejects.toThrow('down');
    expect(starts.length).toBeGreaterThanOrEqual(2);
    // Each retry was let go only if it could start, after its 20 ms delay, within the 50 ms...
    for (const start of starts.slice(0, -1)) expect(start + 20).toBeLessThanOrEqual(50 + tolerance);
    // ...and the attempt after the last one could not have.
    expect(starts[starts.length - 1] + 20).toBeGreaterThan(50 - tolerance);
  });

  it('retries only what shouldRetry accepts, and never an open breaker by default', async () => {
    let attempts = 0;
    const open = new ResilienceError('BREAKER_OPEN', 'open');
    await expect(new RetryPolicy({ baseDelayMs: 1 }).execute(() => { attempts++; throw open; })).rejects.toBe(open);
    expect(attempts).toBe(1);
    const permanent = new Error('permanent');
    attempts = 0;
    const retry = new RetryPolicy({ baseDelayMs: 1, shouldRetry: (error) => error !== permanent });
    await expect(retry.execute(() => { attempts++; throw permanent; })).rejects.toBe(permanent);
    expect(attempts).toBe(1);
  });

  it('retries results that shouldRetryResult rejects', async () => {
    const answers = [503, 503, 200];
    const retry = new RetryPolicy({ maxAttempts: 5, baseDelayMs: 1, shouldRetryResult: (status) => status === 503 });
    await expect(retry.execute(async () => answers.shift())).resolves.toBe(200);
    expect(answers).toEqual([]);
  });

  it('stops waiting with ABORTED when the caller aborts', async () => {
    const controller = new AbortController();
    const retry = new RetryPolicy({ maxAttempts: 5, baseDelayMs: 10_000, maxDelayMs: 10_000, onRetry: () => controller.abort('shutdown') });
    const started = performance.now();
    await expect(retry.execute(() => Promise.reject(new Error('x')), { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED', cause: 'shutdown' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
