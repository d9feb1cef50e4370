import type { Redis } from 'ioredis';
import { aclUsers, REDIS_ACLS, type RedisRole } from '../src/redis-acl';
import { ADMIN, type AclRedis, startAclRedis } from './support/acl-redis';

/**
 * The ACL of each in-cluster Redis, loaded by a real redis-server exactly as the pod renders it,
 * against real commands: what every app user may run, and what it is refused.
 */

/** Commands without key arguments an app may run: the handshake, transactions, scripts' clock. */
const KEYLESS_HANDSHAKE = [
  'auth',
  'hello',
  'ping',
  'quit',
  'reset',
  'info',
  'client|setname',
  'client|setinfo',
  'multi',
  'exec',
  'discard',
  'unwatch',
  'time',
  'script|load',
  'script|exists',
  // @read's drawing of the Redis logo with its version; INFO tells the version anyway.
  'lolwut',
];
const KEYLESS_EXTRA: Record<RedisRole, string[]> = {
  queue: [],
  // The cache's SCAN (its only user), and a Redis Cluster's slot map and ASK redirects.
  cache: ['scan', 'cluster|slots', 'asking'],
};
const PUBSUB = ['publish', 'subscribe', 'unsubscribe'];
/** Named in the issue: never granted to an app. */
const NEVER = [
  ['keys', '*'],
  ['flushall'],
  ['flushdb'],
  ['config', 'get', 'maxmemory'],
  ['config', 'set', 'maxmemory', '1'],
  ['debug', 'sleep', '0'],
  ['shutdown'],
  ['acl', 'setuser', 'x'],
  ['acl', 'list'],
  ['monitor'],
  ['client', 'kill', 'id', '1'],
  ['client', 'list'],
  ['script', 'flush'],
  ['function', 'flush'],
  ['scan', '0'],
  ['randomkey'],
  ['dbsize'],
  ['sort', 'k'],
  ['save'],
  ['replicaof', 'no', 'one'],
];

type CommandEntry = [
  string,
  number,
  string[],
  number,
  number,
  number,
  string[],
  string[],
  unknown[],
  CommandEntry[],
];

/** Every command and subcommand with whether it takes key arguments (key specs). */
async function commandTable(admin: Redis): Promise<{ name: string; arity: number; keyed: boolean }[]> {
  const table = (await admin.call('COMMAND')) as CommandEntry[];
  return table.flatMap((entry) => {
    const subcommands = entry[9] ?? [];
    const list = subcommands.length > 0 ? subcommands : [entry];
    return list.map((item) => ({ name: item[0], arity: item[1], keyed: (item[8] ?? []).length > 0 }));
  });
}

/** The commands `user` may run (ACL DRYRUN with arguments of the right arity), keyed or not. */
async function allowedCommands(admin: Redis, user: string): Promise<{ name: string; keyed: boolean }[]> {
  const table = await commandTable(admin);
  const answers = await Promise.all(
    table.map(async ({ name, arity }) => {
      const words = name.split('|');
      const args = [...words, ...Array(Math.max(Math.abs(arity) - words.length, 0)).fill('0')];
      const answer = String(
        await admin.call('ACL', 'DRYRUN', user, ...args).catch((error: Error) => error.message),
      );
      if (!/^OK$|no permissions to (run|access)/.test(answer))
        throw new Error(`ACL DRYRUN ${args.join(' ')}: ${answer}`);
      return !answer.includes('no permissions to run');
    }),
  );
  return table.filter((_, i) => answers[i]).map(({ name, keyed }) => ({ name, keyed }));
}

describe.each(Object.keys(REDIS_ACLS).map((role) => [role as RedisRole]))(
  'the %s Redis with the rendered ACL',
  (role) => {
    let redis: AclRedis;
    const apps = aclUsers(role)
      .filter((user) => user.name !== 'default')
      .map((user) => user.name);

    beforeAll(async () => {
      redis = await startAclRedis(role);
    });
    afterAll(async () => {
      await redis?.stop();
    });

    it('lets a connection without credentials PING and refuses it everything else', async () => {
      const anonymous = redis.connect('cache-service', {
        username: undefined,
        password: undefined,
        enableReadyCheck: false,
      });
      await expect(anonymous.ping()).resolves.toBe('PONG');
      await expect(anonymous.get('hp:x')).rejects.toThrow(/NOPERM/);
      await expect(
        anonymous.call('XADD', 'hotpath:rpc:{cache-service}:requests', '*', 'p', 'x'),
      ).rejects.toThrow(/NOPERM/);
      await expect(anonymous.info()).rejects.toThrow(/NOPERM/);
    });

    it.each(apps.map((app) => [app]))(
      'authenticates %s with the URL its Deployment builds, and no one with a wrong password',
      async (app) => {
        const url = new URL(redis.url(app));
        expect(url.username).toBe(app);
        const client = redis.connect(app);
        await expect(client.ping()).resolves.toBe('PONG');
        const users = String(await redis.admin.call('CLIENT', 'LIST')).match(/ user=[^ ]+/g) ?? [];
        expect(users).toContain(` user=${app}`);
        const anonymous = redis.connect(app, {
          username: undefined,
          password: undefined,
          enableReadyCheck: false,
        });
        await expect(anonymous.call('AUTH', app, `${url.password}-wrong`)).rejects.toThrow(/WRONGPASS/);
        await expect(anonymous.call('AUTH', app, decodeURIComponent(url.password))).resolves.toBe('OK');
      },
    );

    it.each(apps.map((app) => [app]))(
      'gives %s no dangerous command and no keyless one beyond the handshake',
      async (app) => {
        const allowed = await allowedCommands(redis.admin, app);
        const dangerous = ((await redis.admin.call('ACL', 'CAT', 'dangerous')) as string[]).map((name) =>
          name.toLowerCase(),
        );
        // INFO is @dangerous, and granted: ioredis's ready check and BullMQ's version check need it.
        expect(allowed.map((command) => command.name).filter((name) => dangerous.includes(name))).toEqual([
          'info',
        ]);
        const hasChannels = aclUsers(role).find((user) => user.name === app)?.channels.length;
        const keylessOk = [...KEYLESS_HANDSHAKE, ...KEYLESS_EXTRA[role], ...(hasChannels ? PUBSUB : [])];
        expect(allowed.filter((command) => !command.keyed && !keylessOk.includes(command.name))).toEqual([]);
        expect(allowed.filter((command) => command.keyed).length).toBeGreaterThan(100);
        for (const command of NEVER.filter(([name]) => !KEYLESS_EXTRA[role].includes(name))) {
          const answer = String(await redis.admin.call('ACL', 'DRYRUN', app, ...command));
          expect({ command: command.join(' '), refused: /no permissions to run/.test(answer) }).toEqual({
            command: command.join(' '),
            refused: true,
          });
        }
      },
    );
  },
);

describe('the queue Redis refuses an app what is not its own', () => {
  let redis: AclRedis;

  beforeAll(async () => {
    redis = await startAclRedis('queue');
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('lets the cache-service XADD to its stream, and answers NOPERM to KEYS *, FLUSHALL, CONFIG GET and other apps’ keys', async () => {
    const cache = redis.connect('cache-service');
    await expect(
      cache.xadd('hotpath:rpc:{cache-service}:requests', 'MAXLEN', '~', 100, '*', 'p', 'cache.get'),
    ).resolves.toMatch(/^\d+-\d+$/);
    await expect(cache.keys('*')).rejects.toThrow(/NOPERM/);
    await expect(cache.flushall()).rejects.toThrow(/NOPERM/);
    await expect(cache.config('GET', 'maxmemory')).rejects.toThrow(/NOPERM/);
    await expect(cache.scan('0')).rejects.toThrow(/NOPERM/);
    // The optimization queue is the performance-service's and the worker's, not the cache-service's.
    await expect(cache.hgetall('bull:hotpath.optimization:1')).rejects.toThrow(/NOPERM/);
    // Another service's request stream: writable (to call it), never readable (API keys).
    await expect(
      cache.xadd('hotpath:rpc:{performance-service}:requests', '*', 'p', 'perf.report'),
    ).resolves.toBeTruthy();
    await expect(cache.xrange('hotpath:rpc:{performance-service}:requests', '-', '+')).rejects.toThrow(
      /NOPERM/,
    );
    await expect(
      cache.xadd('hotpath:rpc:{optimization-worker}:requests', '*', 'p', 'perf.cpu-profile'),
    ).rejects.toThrow(/NOPERM/);
    await expect(cache.hset('hotpath:rpc:{performance-service}:instances', 'pod-1', '1')).rejects.toThrow(
      /NOPERM/,
    );
    await expect(cache.call('PUBLISH', 'hotpath:other', 'x')).rejects.toThrow(/NOPERM/);
    // FLUSHALL was refused: what was written is still there.
    await expect(redis.admin.xlen('hotpath:rpc:{cache-service}:requests')).resolves.toBe(1);
  });

  it('refuses the other apps the cache-service’s keys and channels', async () => {
    for (const app of ['performance-service', 'optimization-worker']) {
      const client = redis.connect(app);
      await expect(client.hgetall('hotpath:cache:stats:latest')).rejects.toThrow(/NOPERM/);
      await expect(client.call('PUBLISH', 'hotpath:cache:policies', '{}')).rejects.toThrow(/NOPERM/);
      await expect(client.xrange('hotpath:rpc:{cache-service}:requests', '-', '+')).rejects.toThrow(/NOPERM/);
    }
    const performance = redis.connect('performance-service');
    await expect(performance.call('PUBLISH', 'hotpath:cache:bus', '{}')).rejects.toThrow(/NOPERM/);
    await expect(performance.zrange('hotpath:cache:hot-keys:{auth}:instances', '0', '-1')).rejects.toThrow(
      /NOPERM/,
    );
    const worker = redis.connect('optimization-worker');
    await expect(worker.xadd('hotpath:rpc:{cache-service}:requests', '*', 'p', 'cache.set')).rejects.toThrow(
      /NOPERM/,
    );
    // Cache warming: the bus (its warmed keys) and the hot-key lists, read-only, and only those.
    await expect(worker.call('PUBLISH', 'hotpath:cache:bus', '{}')).resolves.toBe(0);
    await expect(worker.zrange('hotpath:cache:hot-keys:{auth}:instances', '0', '-1')).resolves.toEqual([]);
    await expect(worker.zadd('hotpath:cache:hot-keys:{auth}:instances', 1, 'x')).rejects.toThrow(/NOPERM/);
    await expect(worker.del('hotpath:cache:hot-keys:{auth}:instances')).rejects.toThrow(/NOPERM/);
    // A script names its keys read-write: a read-only key is refused there even for a read.
    await expect(
      worker.eval("return redis.call('ZCARD', KEYS[1])", 1, 'hotpath:cache:hot-keys:{auth}:instances'),
    ).rejects.toThrow(/NOPERM|No permissions/i);
    await expect(
      performance.call('XADD', 'bull:hotpath.write-behind:events', '*', 'event', 'x'),
    ).rejects.toThrow(/NOPERM/);
  });

  it('lets no unauthenticated or app connection read another user’s name or the keyspace', async () => {
    const worker = redis.connect('optimization-worker');
    await expect(worker.call('CLIENT', 'LIST')).rejects.toThrow(/NOPERM/);
    await expect(worker.call('ACL', 'WHOAMI')).rejects.toThrow(/NOPERM/);
    await expect(worker.randomkey()).rejects.toThrow(/NOPERM/);
    await expect(worker.dbsize()).rejects.toThrow(/NOPERM/);
    expect(ADMIN).not.toBe('optimization-worker');
  });
});

describe('the cache Redis refuses its users what a cache does not need', () => {
  let redis: AclRedis;

  beforeAll(async () => {
    redis = await startAclRedis('cache');
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('lets it use hp:* keys and answers NOPERM to KEYS *, FLUSHALL, CONFIG GET and keys outside hp:', async () => {
    const cache = redis.connect('cache-service');
    await expect(cache.set('hp:ns:e:{k:x}:x', '1', 'PX', 60_000)).resolves.toBe('OK');
    await expect(cache.scan('0', 'MATCH', 'hp:ns:*')).resolves.toEqual(['0', ['hp:ns:e:{k:x}:x']]);
    await expect(cache.keys('*')).rejects.toThrow(/NOPERM/);
    await expect(cache.flushall()).rejects.toThrow(/NOPERM/);
    await expect(cache.flushdb()).rejects.toThrow(/NOPERM/);
    await expect(cache.config('GET', 'maxmemory')).rejects.toThrow(/NOPERM/);
    await expect(cache.set('bull:hotpath.write-behind:1', 'x')).rejects.toThrow(/NOPERM/);
    await expect(cache.call('PUBLISH', 'hotpath:cache:bus', '{}')).rejects.toThrow(/NOPERM/);
    await expect(redis.admin.get('hp:ns:e:{k:x}:x')).resolves.toBe('1');
  });

  it('lets the worker’s cache warming use hp:* keys by name, and refuses it SCAN and everything else', async () => {
    const worker = redis.connect('optimization-worker');
    await expect(worker.set('hp:ns:e:{k:y}:y', '1', 'PX', 60_000)).resolves.toBe('OK');
    await expect(worker.mget('hp:ns:e:{k:y}:y')).resolves.toEqual(['1']);
    await expect(worker.scan('0', 'MATCH', 'hp:ns:*')).rejects.toThrow(/NOPERM/);
    await expect(worker.keys('*')).rejects.toThrow(/NOPERM/);
    await expect(worker.flushdb()).rejects.toThrow(/NOPERM/);
    await expect(worker.randomkey()).rejects.toThrow(/NOPERM/);
    await expect(worker.dbsize()).rejects.toThrow(/NOPERM/);
    await expect(worker.set('bull:hotpath.cache-warm:1', 'x')).rejects.toThrow(/NOPERM/);
    await expect(worker.call('PUBLISH', 'hotpath:cache:bus', '{}')).rejects.toThrow(/NOPERM/);
  });
});
