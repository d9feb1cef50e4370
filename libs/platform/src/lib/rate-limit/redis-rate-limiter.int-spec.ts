import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisRateLimiter } from './redis-rate-limiter';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('RedisRateLimiter against a real Redis', () => {
  const prefix = `test:rl:${randomUUID()}:`;
  let first: Redis;
  let second: Redis;

  beforeAll(() => {
    first = new Redis(REDIS_URL);
    second = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await first.unlink(...['auth-service', 'a', 'b', 'refill'].map((caller) => `${prefix}${caller}`));
    first.disconnect();
    second.disconnect();
  });

  it('shares one budget between two clients, as two service instances would', async () => {
    const limits = [new RedisRateLimiter(first, prefix), new RedisRateLimiter(second, prefix)];
    const limit = { perSecond: 1, burst: 5 };
    const decisions = [];
    for (let i = 0; i < 6; i++) decisions.push(await limits[i % 2].consume('auth-service', limit));

    expect(decisions.slice(0, 5).every((decision) => decision.allowed)).toBe(true);
    expect(decisions.map((decision) => decision.remaining).slice(0, 5)).toEqual([4, 3, 2, 1, 0]);
    expect(decisions[5].allowed).toBe(false);
    expect(decisions[5].retryAfterMs).toBeGreaterThan(900);
    expect(decisions[5].retryAfterMs).toBeLessThanOrEqual(1000);
  });

  it('keeps callers apart', async () => {
    const limiter = new RedisRateLimiter(first, prefix);
    const limit = { perSecond: 1, burst: 1 };
    expect((await limiter.consume('a', limit)).allowed).toBe(true);
    expect((await limiter.consume('a', limit)).allowed).toBe(false);
    expect((await limiter.consume('b', limit)).allowed).toBe(true);
  });

  it('refills at the sustained rate', async () => {
    const limiter = new RedisRateLimiter(first, prefix);
    const limit = { perSecond: 50, burst: 1 };
    expect((await limiter.consume('refill', limit)).allowed).toBe(true);
    const denied = await limiter.consume('refill', limit);
    expect(denied.allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, denied.retryAfterMs + 5));
    expect((await limiter.consume('refill', limit)).allowed).toBe(true);
  });
});
