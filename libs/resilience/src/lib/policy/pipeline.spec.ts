import { CircuitBreaker } from '../breaker/circuit-breaker';
import { BulkheadPolicy } from '../bulkhead/bulkhead-policy';
import { FallbackPolicy } from '../fallback/fallback-policy';
import { RateLimitPolicy } from '../rate-limit/rate-limit-policy';
import { TokenBucket } from '../rate-limit/token-bucket';
import { RetryPolicy } from '../retry/retry-policy';
import { TimeoutPolicy } from '../timeout/timeout-policy';
import { pipeline } from './pipeline';
import { wrap } from './wrap';

describe('composition', () => {
  it('wrap runs the first policy outermost', async () => {
    const order: string[] = [];
    const tracer = (name: string) => ({
      async execute<T>(operation: (context: { signal: AbortSignal | undefined }) => PromiseLike<T> | T) {
        order.push(`${name}>`);
        const value = await operation({ signal: undefined });
        order.push(`<${name}`);
        return value;
      },
    });
    await expect(wrap(tracer('a'), tracer('b')).execute(() => order.push('op'))).resolves.toBe(3);
    expect(order).toEqual(['a>', 'b>', 'op', '<b', '<a']);
  });

  it('fallback ∘ retry ∘ breaker ∘ timeout: retries count in the breaker, which then fails fast into the fallback', async () => {
    const breaker = new CircuitBreaker({ name: 'upstream', slidingWindowSize: 2, minimumNumberOfCalls: 2 });
    let attempts = 0;
    const policy = pipeline({
      fallback: new FallbackPolicy({ fallback: (error) => `fallback after ${(error as { code?: string }).code ?? 'error'}` }),
      retry: new RetryPolicy({ maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 2 }),
      breaker,
      timeout: new TimeoutPolicy({ ms: 10 }),
    });
    const answer = await policy.execute(() => {
      attempts++;
      return new Promise(() => undefined); // hangs: every attempt times out
    });
    expect(answer).toBe('fallback after BREAKER_OPEN');
    expect(attempts).toBe(2); // two timeouts open the breaker; the third attempt is rejected, not run
    expect(breaker.state).toBe('open');
  });

  it('the timeout covers time queued in the bulkhead, and the breaker ignores a full bulkhead', async () => {
    const breaker = new CircuitBreaker({ name: 'queued', slidingWindowSize: 2, minimumNumberOfCalls: 2 });
    const policy = pipeline({ breaker, timeout: new TimeoutPolicy({ ms: 15 }), bulkhead: new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 1 }) });
    const hang = () => new Promise(() => undefined);
    const results = await Promise.allSettled([policy.execute(hang), policy.execute(hang), policy.execute(hang)]);
    expect(results.map((result) => (result.status === 'rejected' ? (result.reason as { code: string }).code : 'ok'))).toEqual([
      'TIMEOUT',
      'TIMEOUT',
      'BULKHEAD_FULL',
    ]);
    expect(breaker.state).toBe('open'); // the two timeouts; the rejection by the bulkhead was ignored
  });

  it('a rate limit inside the breaker rejects with RATE_LIMITED and Retry-After', async () => {
    const policy = pipeline({ rateLimit: new RateLimitPolicy({ limiter: new TokenBucket({ perSecond: 1, burst: 1 }) }) });
    await expect(policy.execute(() => 'first')).resolves.toBe('first');
    await expect(policy.execute(() => 'second')).rejects.toMatchObject({ code: 'RATE_LIMITED', headers: { 'Retry-After': '1' } });
  });

  it('a fallback answers only the errors it handles', async () => {
    const fallback = new FallbackPolicy({ fallback: () => 'default', shouldHandle: (error) => (error as Error).message === 'soft' });
    await expect(fallback.execute(() => Promise.reject(new Error('soft')))).resolves.toBe('default');
    await expect(fallback.execute(() => Promise.reject(new Error('hard')))).rejects.toThrow('hard');
  });
});
