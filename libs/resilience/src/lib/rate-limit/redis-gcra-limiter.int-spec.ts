import { randomUUID } from 'node:crypto';
import { scanKeys, unlinkMatching } from '@hotpath/testing';
import { Redis } from 'ioredis';
import { RedisGcraLimiter } from './redis-gcra-limiter';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('RedisGcraLimiter against a real Redis, from two clients', () => {
  const prefix = `test:resilience:gcra:${randomUUID()}:`;
  let first: Redis;
  let second: Redis;

  beforeAll(() => {
    first = new Redis(REDIS_URL);
    second = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await unlinkMatching(first, `${prefix}*`);
    first.disconnect();
    second.disconnect();
  });

  const limiters = (name: string, perSecond: number, burst: number) => [
    new RedisGcraLimiter({ client: first, name, perSecond, burst, prefix }),
    new RedisGcraLimiter({ client: second, name, perSecond, burst, prefix }),
  ];

  it('shares one budget between two instances', async () => {
    const [a, b] = limiters('partner-api', 1, 4);
    const decisions = [];
    const started = performance.now();
    for (let i = 0; i < 5; i++) decisions.push(await (i % 2 === 0 ? a : b).tryAcquire());
    const elapsedMs = performance.now() - started;
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, true, false]);
    expect(decisions.slice(0, 4).map((decision) => decision.remaining)).toEqual([3, 2, 1, 0]);
    // The next cell frees 1 s after the first was taken: what is left of that second, whatever the
    // five round trips took on a busy machine (a fixed "> 900 ms" failed once under load in CI).
    expect(decisions[4].retryAfterMs).toBeGreaterThanOrEqual(1000 - elapsedMs - 5);
    expect(decisions[4].retryAfterMs).toBeLessThanOrEqual(1000);
  });

  it('keeps per-caller buckets apart under one limit, with the limit name as hash tag', async () => {
    const [a, b] = limiters('per-tenant', 1, 1);
    expect((await a.consume('tenant-1')).allowed).toBe(true);
    expect((await b.consume('tenant-1')).allowed).toBe(false);
    expect((await b.consume('tenant-2')).allowed).toBe(true);
    expect((await scanKeys(first, `${prefix}{per-tenant}:*`)).sort()).toEqual([
      `${prefix}{per-tenant}:tenant-1`,
      `${prefix}{per-tenant}:tenant-2`,
    ]);
  });

  it('refills at the sustained rate and expires its key once the bucket is full again', async () => {
    const [a, b] = limiters('refill', 20, 1);
    expect((await a.tryAcquire()).allowed).toBe(true);
    const denied = await b.tryAcquire();
    expect(denied.allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, denied.retryAfterMs + 5));
    expect((await b.tryAcquire()).allowed).toBe(true);
    const ttl = await first.pttl(`${prefix}{refill}:all`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(50);
  });

  it('charges a cost of several cells at once', async () => {
    const [a, b] = limiters('cost', 1, 5);
    expect((await a.tryAcquire(3)).remaining).toBe(2);
    expect((await b.tryAcquire(3)).allowed).toBe(false);
    expect((await b.tryAcquire(2)).allowed).toBe(true);
  });

  it('fails open when asked to and Redis is unreachable', async () => {
    const down = new Redis({
      port: 1,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    down.on('error', () => undefined);
    const open = new RedisGcraLimiter({ client: down, name: 'down', perSecond: 1, prefix, failOpen: true });
    const closed = new RedisGcraLimiter({ client: down, name: 'down', perSecond: 1, prefix });
    expect((await open.tryAcquire()).allowed).toBe(true);
    await expect(closed.tryAcquire()).rejects.toThrow();
    down.disconnect();
  });
});
