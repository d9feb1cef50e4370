import { CircuitBreaker, DeadlineWheel } from '@hotpath/resilience';
import { CacheError } from '../errors/cache.error';
import { L2CallGuard } from './l2-call-guard';

const TIMEOUT_MS = 20;

/** A guard on its own wheel, with a breaker that opens after 2 failures of the last 2 calls. */
function guarded() {
  const wheel = new DeadlineWheel();
  const breaker = new CircuitBreaker({
    name: 'l2-test',
    slidingWindowSize: 2,
    minimumNumberOfCalls: 2,
    waitDurationInOpenStateMs: 60_000,
  });
  return { wheel, breaker, guard: new L2CallGuard(breaker, TIMEOUT_MS, wheel) };
}

const never = () => new Promise<never>(() => undefined);

describe('L2CallGuard', () => {
  it('answers with the reply passed through `answer`, records a success and disarms the deadline', async () => {
    const { wheel, breaker, guard } = guarded();
    const answering = guard.call(
      'GET',
      (n: number) => Promise.resolve(n * 2),
      21,
      (n) => `got ${n}`,
    );
    expect(wheel.pending).toBe(1);
    await expect(answering).resolves.toBe('got 42');
    expect(wheel.pending).toBe(0);
    expect(breaker.metrics()).toMatchObject({ calls: 1, failedCalls: 0 });
  });

  it.each([
    ['rejects', () => Promise.reject(new Error('ECONNRESET'))],
    [
      'throws',
      (): Promise<never> => {
        throw new Error('ECONNRESET');
      },
    ],
  ])('turns a command that %s into L2_UNAVAILABLE with the cause, counted as a failure', async (_, work) => {
    const { wheel, breaker, guard } = guarded();
    const error = await guard.run('GET', work).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CacheError);
    expect(error).toMatchObject({ code: 'L2_UNAVAILABLE', message: 'L2 GET failed: ECONNRESET' });
    expect((error as Error).cause).toEqual(new Error('ECONNRESET'));
    expect(breaker.metrics()).toMatchObject({ calls: 1, failedCalls: 1 });
    expect(wheel.pending).toBe(0);
  });

  it('passes a CacheError of the command through as it is', async () => {
    const { guard } = guarded();
    const own = new CacheError('INVALID_ENTRY', 'bad');
    await expect(guard.run('SET', () => Promise.reject(own))).rejects.toBe(own);
  });

  it('rejects with L2_TIMEOUT after the timeout, counts it, and ignores the late reply', async () => {
    const { wheel, breaker, guard } = guarded();
    let reply!: (value: string) => void;
    const started = performance.now();
    const error = await guard
      .run('GET', () => new Promise<string>((resolve) => (reply = resolve)))
      .catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 1);
    expect(error).toMatchObject({
      code: 'L2_TIMEOUT',
      message: `L2 GET did not answer within ${TIMEOUT_MS} ms`,
    });
    expect(breaker.metrics()).toMatchObject({ calls: 1, failedCalls: 1 });
    reply('late');
    await new Promise((resolve) => setImmediate(resolve));
    expect(breaker.metrics()).toMatchObject({ calls: 1, failedCalls: 1 });
    expect(wheel.pending).toBe(0);
  });

  it('fails fast once the breaker is open, without sending the command, with one reused stackless error', async () => {
    const { breaker, guard } = guarded();
    await Promise.allSettled([guard.run('GET', never), guard.run('GET', never)]);
    expect(breaker.state).toBe('open');
    let sent = 0;
    const work = () => {
      sent++;
      return never();
    };
    const first = await guard.run('GET', work).catch((caught: unknown) => caught);
    const second = await guard.run('GET', work).catch((caught: unknown) => caught);
    expect(sent).toBe(0);
    expect(first).toMatchObject({
      code: 'L2_UNAVAILABLE',
      message: 'L2 circuit is open; GET was not attempted',
    });
    expect(second).toBe(first);
    expect((first as Error).stack).toBe('CacheError: L2 circuit is open; GET was not attempted');
    const other = await guard.run('SCAN', work).catch((caught: unknown) => caught);
    expect(other).toMatchObject({ message: 'L2 circuit is open; SCAN was not attempted' });
  });

  it('rejects with the error of an answer that throws, after counting the call a success', async () => {
    const { breaker, guard } = guarded();
    const broken = new Error('cannot answer');
    const answer = () => {
      throw broken;
    };
    await expect(guard.call('GET', () => Promise.resolve(1), undefined, answer)).rejects.toBe(broken);
    expect(breaker.metrics()).toMatchObject({ calls: 1, failedCalls: 0 });
  });

  it('keeps concurrent calls apart: each answers its own reply', async () => {
    const { guard } = guarded();
    const replies = Array.from({ length: 50 }, (_, i) =>
      guard.call(
        'GET',
        (n: number) => new Promise<number>((resolve) => setImmediate(() => resolve(n))),
        i,
        (n) => n + 1000,
      ),
    );
    await expect(Promise.all(replies)).resolves.toEqual(Array.from({ length: 50 }, (_, i) => i + 1000));
  });
});
