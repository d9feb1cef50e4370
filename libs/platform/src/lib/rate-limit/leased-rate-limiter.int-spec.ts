import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { LeasedRateLimiter } from './leased-rate-limiter';
import type { RateLimit, RateLimitDecision } from './rate-limit';
import { RedisRateLimiter } from './redis-rate-limiter';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Counts what reaches Redis, so a test can tell a local decision from a round trip. */
class CountingRateLimiter extends RedisRateLimiter {
  calls = 0;
  cells = 0;
  last?: Promise<RateLimitDecision>;

  override consume(key: string, limit: RateLimit, cost = 1): Promise<RateLimitDecision> {
    this.calls++;
    this.cells += cost;
    this.last = super.consume(key, limit, cost);
    return this.last;
  }
}

describe('LeasedRateLimiter against a real Redis', () => {
  const prefix = `test:lrl:${randomUUID()}:`;
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await redis.unlink(...['slow', 'busy', 'flood', 'sync', 'ahead', 'spent'].map((caller) => `${prefix}${caller}`));
    redis.disconnect();
  });

  it('decides exactly like the per-request limiter for a caller at a low rate', async () => {
    const remote = new CountingRateLimiter(redis, prefix);
    const limiter = new LeasedRateLimiter(remote);
    const limit = { perSecond: 1, burst: 3 };
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.consume('slow', limit));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    expect(decisions.slice(0, 3).map((decision) => decision.remaining)).toEqual([2, 1, 0]);
    expect(decisions[3].retryAfterMs).toBeGreaterThan(900);
  });

  it('serves a busy caller from leases: few round trips, and never more than Redis granted', async () => {
    const remote = new CountingRateLimiter(redis, prefix);
    // Two instances of a service, sharing one caller's fleet-wide budget.
    const instances = [new LeasedRateLimiter(remote), new LeasedRateLimiter(remote)];
    const limit = { perSecond: 2000, burst: 200 };
    const started = performance.now();
    let allowed = 0;
    let requests = 0;
    while (performance.now() - started < 300) {
      const batch = [];
      for (let i = 0; i < 20; i++) batch.push(instances[i % 2].consume('busy', limit));
      for (const decision of await Promise.all(batch)) if (decision.allowed) allowed++;
      requests += batch.length;
    }
    const elapsedS = (performance.now() - started) / 1000;

    expect(remote.calls).toBeLessThan(requests / 5);
    // Cells are charged before they are handed out: the fleet admits at most what Redis granted.
    expect(allowed).toBeLessThanOrEqual(remote.cells);
    expect(allowed).toBeLessThanOrEqual(limit.burst + limit.perSecond * elapsedS);
    // ...and it does admit the caller's budget, less at most the leases left unspent.
    expect(allowed).toBeGreaterThan(Math.min(requests, limit.perSecond * elapsedS) / 2);
  });

  it('refuses a refused caller locally until its Retry-After', async () => {
    const remote = new CountingRateLimiter(redis, prefix);
    const limiter = new LeasedRateLimiter(remote);
    const limit = { perSecond: 1, burst: 1 };
    expect((await limiter.consume('flood', limit)).allowed).toBe(true);
    expect((await limiter.consume('flood', limit)).allowed).toBe(false);
    const callsAfterRefusal = remote.calls;

    const refusals = [];
    for (let i = 0; i < 100; i++) refusals.push(await limiter.consume('flood', limit));
    expect(refusals.every((decision) => !decision.allowed && decision.retryAfterMs > 0)).toBe(true);
    expect(remote.calls).toBe(callsAfterRefusal);
  });

  it('answers without waiting while a lease lasts', async () => {
    const remote = new CountingRateLimiter(redis, prefix);
    const limiter = new LeasedRateLimiter(remote, { leaseWindowMs: 1000 });
    const limit = { perSecond: 10_000, burst: 10_000 };
    // The first lease is a single cell; the next is sized from the rate the first one saw.
    for (let i = 0; i < 50; i++) await limiter.consume('sync', limit);
    const decision = limiter.consume('sync', limit);
    expect(decision).not.toBeInstanceOf(Promise);
    expect(decision).toMatchObject({ allowed: true });
  });

  it('charges the next lease while a quarter of this one is left, so a busy caller never waits', async () => {
    const remote = new CountingRateLimiter(redis, prefix);
    const limiter = new LeasedRateLimiter(remote, { leaseWindowMs: 1000 });
    // Leases of at most 400 cells (a second of the rate); the burst lets Redis grant a whole one.
    const limit = { perSecond: 400, burst: 10_000 };
    for (let i = 0; i < 20; i++) await limiter.consume('ahead', limit);

    const callsBefore = remote.calls;
    let spent = 0;
    while (remote.calls === callsBefore && spent < 1000) {
      expect(limiter.consume('ahead', limit)).not.toBeInstanceOf(Promise);
      spent++;
    }
    // The next lease went out to Redis with cells of this one still at hand...
    expect(remote.calls).toBe(callsBefore + 1);
    expect(limiter.consume('ahead', limit)).not.toBeInstanceOf(Promise);
    await remote.last;
    await new Promise((resolve) => setImmediate(resolve)); // the limiter takes it past the timeout race
    // ...and once it landed, its cells came on top of them: far more than a quarter lease, at once.
    for (let i = 0; i < 300; i++) expect(limiter.consume('ahead', limit)).toMatchObject({ allowed: true });
    expect(remote.calls).toBeLessThanOrEqual(callsBefore + 2);
  });

  it('keeps serving a lease whose top-up Redis refused, then refuses the caller once it is spent', async () => {
    const remote = new CountingRateLimiter(redis, prefix);
    // Leases of up to 20 cells (20 s of a 1/s rate); a budget of 60 that refills by one a second.
    const limiter = new LeasedRateLimiter(remote, { leaseWindowMs: 20_000 });
    const limit = { perSecond: 1, burst: 60 };
    expect(await limiter.consume('spent', limit)).toMatchObject({ allowed: true }); // a 1-cell lease
    expect(await limiter.consume('spent', limit)).toMatchObject({ allowed: true }); // a 20-cell lease, 19 at hand
    // Another instance of the fleet spends what is left of the caller's budget.
    expect(await new RedisRateLimiter(redis, prefix).consume('spent', limit, 39)).toMatchObject({ allowed: true });

    let allowed = 2;
    const callsBefore = remote.calls;
    while (remote.calls === callsBefore) {
      expect(limiter.consume('spent', limit)).toMatchObject({ allowed: true });
      allowed++;
    }
    // The top-up went out with a quarter of the lease (5 cells) still at hand, and Redis refused it.
    expect(await remote.last).toMatchObject({ allowed: false });
    for (let i = 0; i < 5; i++) {
      expect(limiter.consume('spent', limit)).toMatchObject({ allowed: true });
      allowed++;
    }
    // Exactly what Redis granted this instance: never more.
    expect(allowed).toBe(21);

    // The next request asks Redis itself and is refused; the ones after it are refused locally.
    const refused = await limiter.consume('spent', limit);
    expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    const calls = remote.calls;
    expect(limiter.consume('spent', limit)).toMatchObject({ allowed: false });
    expect(remote.calls).toBe(calls);
  });
});
