import { once } from 'node:events';
import { startThrowawayRedis, type ThrowawayRedis } from '@hotpath/testing';
import { Redis } from 'ioredis';
import type { CacheEnvelope } from '../entry/cache-envelope';
import { MAX_GET_BATCH } from './get-batcher';
import { RedisL2Tier } from './redis-l2-tier';

const TIMEOUT_MS = 100;

const envelope = (value: unknown): CacheEnvelope => {
  const now = Date.now();
  return { value, version: now, createdAt: now, expiresAt: now + 60_000, staleUntil: now + 60_000, tags: [] };
};

/** Calls of a command since the server started, from INFO commandstats. */
async function callsOf(admin: Redis, command: string): Promise<number> {
  const stats = await admin.info('commandstats');
  return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
}

// A server of its own: its command counts are this spec's alone, and it can be paused.
describe('RedisL2Tier read batching against a throw-away Redis', () => {
  let server: ThrowawayRedis;
  let client: Redis;
  let admin: Redis;
  let tier: RedisL2Tier;

  beforeAll(async () => {
    server = await startThrowawayRedis();
    client = new Redis({ port: server.port, host: '127.0.0.1', enableAutoPipelining: true });
    admin = new Redis({ port: server.port, host: '127.0.0.1' });
    await Promise.all([once(client, 'ready'), once(admin, 'ready')]);
    tier = new RedisL2Tier({
      redis: client,
      keyPrefix: 'batching-test',
      operationTimeoutMs: TIMEOUT_MS,
      breaker: { slidingWindowSize: 10, minimumNumberOfCalls: 10 },
    });
  });

  afterAll(async () => {
    client.disconnect();
    admin.disconnect();
    await server.kill();
  });

  it('sends the reads of one tick as MGETs of at most 128 keys, and a lone read as a GET', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `user:${i}`);
    await tier.mset(
      'users',
      keys.map((key) => [key, envelope(key)]),
    );
    const [mgetsBefore, getsBefore] = [await callsOf(admin, 'mget'), await callsOf(admin, 'get')];

    const answers = await Promise.all(keys.map((key) => tier.get('users', key)));
    expect(answers.map((answer) => answer?.value)).toEqual(keys);
    expect(await callsOf(admin, 'mget')).toBe(mgetsBefore + Math.ceil(keys.length / MAX_GET_BATCH));
    expect(await callsOf(admin, 'get')).toBe(getsBefore);

    expect((await tier.get('users', 'user:7'))?.value).toBe('user:7');
    expect(await callsOf(admin, 'get')).toBe(getsBefore + 1);
  });

  it('times out every read of a batch Redis does not answer, within the operation timeout', async () => {
    await admin.call('CLIENT', 'PAUSE', '500', 'ALL');
    const started = performance.now();

    const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((key) => tier.get('users', key)));

    expect(outcomes.map((outcome) => outcome.status === 'rejected' && outcome.reason.code)).toEqual([
      'L2_TIMEOUT',
      'L2_TIMEOUT',
      'L2_TIMEOUT',
    ]);
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 60);
    // One command carried the three reads: the breaker counts one failed call.
    expect(tier.breaker.metrics()).toMatchObject({ failedCalls: 1 });
  });
});
