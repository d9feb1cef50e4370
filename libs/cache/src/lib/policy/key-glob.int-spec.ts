import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { compileKeyGlob } from './key-glob';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** L1 filters keys with the compiled glob and L2 with Redis's SCAN MATCH: both must pick the same. */
describe('compileKeyGlob against Redis SCAN MATCH', () => {
  const prefix = `test:glob:${randomUUID()}:`;
  const keys = [
    'user:1',
    'user:42',
    'user:x',
    'users:1',
    'user:',
    'a*b',
    'a?b',
    'axb',
    'a-b',
    'a]b',
    'a!b',
    '[x]',
    'aaaaaaaab',
    'aaaaaaaa',
    'order:2024-01-31',
    'order:2024-1-31',
  ];
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    await redis.mset(...keys.flatMap((key) => [`${prefix}${key}`, '1']));
  });

  afterAll(async () => {
    await redis.unlink(...keys.map((key) => `${prefix}${key}`));
    redis.disconnect();
  });

  async function scan(pattern: string): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}${pattern}`, 'COUNT', 1000);
      cursor = next;
      found.push(...batch.map((key) => key.slice(prefix.length)));
    } while (cursor !== '0');
    return found.sort();
  }

  it.each([
    'user:*',
    'user:?',
    'user:??',
    'user:[0-9]*',
    'user:[^0-9]',
    'user:[!0-9]',
    'a[!x]b',
    'a\\*b',
    'a\\?b',
    'a?b',
    'a[-x]b',
    'a[\\]]b',
    'a[\\!]b',
    '\\[x\\]',
    '[[]x]',
    '*b',
    'a*a*a*a*a*a*a*b',
    'order:[0-9][0-9][0-9][0-9]-[0-9][0-9]-*',
    '*',
  ])('%p selects the same keys in memory and in Redis', async (pattern) => {
    const glob = compileKeyGlob(pattern);
    const inMemory = keys.filter((key) => glob.test(key)).sort();
    expect(await scan(glob.redisPattern)).toEqual(inMemory);
  });

  it("sends Redis '[^...]' for '[!...]', which Redis itself reads as a set holding '!'", async () => {
    expect(await scan('a[!x]b')).toEqual(['a!b', 'axb']);
    expect(await scan(compileKeyGlob('a[!x]b').redisPattern)).toEqual(['a!b', 'a*b', 'a-b', 'a?b', 'a]b']);
  });
});
