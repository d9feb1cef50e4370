import { L1Store, StaticPolicySource, TieredCache } from '@hotpath/cache';
import { BentoCache, bentostore } from 'bentocache';
import { memoryDriver } from 'bentocache/drivers/memory';
import { createCache } from 'cache-manager';
import { LRUCache } from 'lru-cache';
import { seededRandom } from '../../../libs/cache/src/testing/seeded-random';
import { benchUsers, USER_COUNT, type User } from './bench-users';
import { measureRoundRobin, type Subject } from './measure';
import { unlinkMatching } from '../../../libs/testing/src/index';
import { connect, runPrefix } from './redis-target';
import { goal, opsPerSec, print, ratio, table } from './report';
import { twoTierCache } from './two-tier-cache';

const ORDER_LENGTH = 1 << 16;
const SYNC_SAMPLES = { warmupOps: 1_000_000, opsPerSample: 1_000_000, samples: 7 };


/**
 * 1. L1 get-hit: every subject holds the same 10k keys and reads them in the same seeded random
 * order; every read is a hit (misses are counted and shown).
 */
export async function l1HitSection(): Promise<void> {
  print('## 1. L1 get-hit, 10k resident keys, one caller (no concurrency)\n');
  const { keys, users } = benchUsers();
  const random = seededRandom(7);
  const order = Uint16Array.from({ length: ORDER_LENGTH }, () => Math.floor(random() * USER_COUNT));
  const now = Date.now();

  const l1 = new L1Store<User>({ maxEntries: USER_COUNT, maxBytes: 64 * 1024 * 1024, policy: 'tinylfu' });
  const lru = new LRUCache<string, User>({ max: USER_COUNT });
  const map = new Map<string, User>();
  keys.forEach((key, i) => {
    l1.set(key, users[i], { size: 64, expiresAt: now + 3_600_000, staleUntil: now + 3_660_000 });
    lru.set(key, users[i]);
    map.set(key, users[i]);
  });

  const prefix = runPrefix();
  const l1Only = new TieredCache({
    instanceId: `${prefix}-l1`,
    policies: new StaticPolicySource([{ namespace: 'bench-l1', tiers: ['l1'], ttlSeconds: 3600 }]),
  });
  const redis = connect();
  const { cache: twoTier, stop: stopTwoTier } = await twoTierCache(redis, prefix, 'bench-l1l2');
  const bento = new BentoCache({
    default: 'memory',
    // maxItems: the driver's default (1000) would hold a tenth of the keys and measure misses.
    stores: { memory: bentostore().useL1Layer(memoryDriver({ maxSize: '100mb', maxItems: 2 * USER_COUNT })) },
  });
  const manager = createCache();
  for (let i = 0; i < USER_COUNT; i++) {
    await l1Only.set('bench-l1', keys[i], users[i]);
    await twoTier.set('bench-l1l2', keys[i], users[i]);
    await bento.set({ key: keys[i], value: users[i], ttl: '1h' });
    await manager.set(keys[i], users[i], 3_600_000);
  }

  const sync = await measureRoundRobin(
    [
      syncSubject('lru-cache LRUCache.get', (key) => lru.get(key), keys, order),
      syncSubject('L1Store.get (tinylfu)', (key) => l1.get(key)?.value, keys, order),
      syncSubject('Map.get (reference)', (key) => map.get(key), keys, order),
    ],
    SYNC_SAMPLES,
  );
  const lruRate = sync.get('lru-cache LRUCache.get')?.median ?? NaN;
  table(
    ['subject (sync)', 'ops/s (median of 7 × 1M)', 'min – max', 'misses', 'vs lru-cache', 'goal'],
    [...sync.values()].map((m) => [
      m.name,
      opsPerSec(m.median),
      `${opsPerSec(m.min)} – ${opsPerSec(m.max)}`,
      String(m.misses),
      ratio(m.median, lruRate),
      m.name.startsWith('L1Store') ? goal(m.median, lruRate, 0.7) : '—',
    ]),
  );
  const tinylfuReads = SYNC_SAMPLES.warmupOps + SYNC_SAMPLES.samples * SYNC_SAMPLES.opsPerSample;
  print(
    `tinylfu: ${l1.droppedReads.toLocaleString('en-US')} of ${tinylfuReads.toLocaleString('en-US')} hits dropped ` +
      '(each 1M-hit loop is one synchronous run: its first 64 hits count, as with Caffeine under load; ' +
      'in the async rows below every hit counts: each read is its own microtask)\n',
  );

  const tieredSubject = (name: string, cache: TieredCache, ns: string): Subject =>
    asyncSubject(name, async (key) => (await cache.get<User>(ns, key))?.tier === 'l1', keys, order);
  const asyncRates = await measureRoundRobin(
    [
      asyncSubject('await map.get', async (key) => (await map.get(key)) !== undefined, keys, order),
      tieredSubject("TieredCache.get, tiers ['l1']", l1Only, 'bench-l1'),
      tieredSubject("TieredCache.get, tiers ['l1','l2'] (L1 hit, bus on)", twoTier, 'bench-l1l2'),
      asyncSubject(
        'bentocache get (memory L1)',
        async (key) => (await bento.get<User>({ key })) !== undefined,
        keys,
        order,
      ),
      asyncSubject(
        'cache-manager 7 get (keyv memory)',
        async (key) => (await manager.get<User>(key)) !== undefined,
        keys,
        order,
      ),
    ],
    // Per subject 7 × 200k: bentocache and cache-manager are ~10-50× slower, so this keeps them
    // to a few seconds while the fast subjects still run ≥ 20 ms per sample.
    { warmupOps: 200_000, opsPerSample: 200_000, samples: 7 },
  );
  const mapRate = asyncRates.get('await map.get')?.median ?? NaN;
  const bentoRate = asyncRates.get('bentocache get (memory L1)')?.median ?? NaN;
  const managerRate = asyncRates.get('cache-manager 7 get (keyv memory)')?.median ?? NaN;
  table(
    [
      'subject (async, awaited one at a time)',
      'ops/s (median of 7 × 200k)',
      'min – max',
      'misses',
      'vs await map.get',
      'vs bentocache',
      'vs cache-manager',
      'goals (≥ 0.5× map, ≥ 20× bentocache)',
    ],
    [...asyncRates.values()].map((m) => [
      m.name,
      opsPerSec(m.median),
      `${opsPerSec(m.min)} – ${opsPerSec(m.max)}`,
      String(m.misses),
      ratio(m.median, mapRate),
      ratio(m.median, bentoRate),
      ratio(m.median, managerRate),
      m.name.startsWith('TieredCache')
        ? `${goal(m.median, mapRate, 0.5)}; ${goal(m.median, bentoRate, 20)}`
        : '—',
    ]),
  );

  await l1Only.clear('bench-l1');
  await twoTier.clear('bench-l1l2');
  await stopTwoTier();
  await bento.clear();
  await bento.disconnectAll();
  await unlinkMatching(redis, `${prefix}*`);
  await redis.quit();
}

/**
 * Every subject's loop is compiled for that subject alone (`new Function` makes a new function each
 * time, so V8 keeps its type feedback and optimized code apart): the `read` call in it only ever sees
 * one subject and stays monomorphic. A single shared loop, as this section had before, saw all the
 * subjects' `read`s at one call site, which went megamorphic and slowed each subject by a different
 * amount. lru-cache, Map and every async subject get their loop the same way.
 */
type Loop<R> = (
  read: (key: string) => R,
  keys: string[],
  order: Uint16Array,
  ops: number,
) => number | Promise<number>;

function ownLoop<R>(awaited: boolean): Loop<R> {
  const hit = awaited ? 'await read(key)' : 'read(key) !== undefined';
  const body = `return ${awaited ? 'async ' : ''}function run(read, keys, order, ops) {
    let hits = 0;
    for (let i = 0; i < ops; i++) {
      const key = keys[order[i & ${ORDER_LENGTH - 1}]];
      if (${hit}) hits++;
    }
    return hits;
  };`;
  return new Function(body)() as Loop<R>;
}

function syncSubject(
  name: string,
  read: (key: string) => unknown,
  keys: string[],
  order: Uint16Array,
): Subject {
  const loop = ownLoop<unknown>(false);
  return { name, run: (ops) => loop(read, keys, order, ops) };
}

function asyncSubject(
  name: string,
  read: (key: string) => Promise<boolean>,
  keys: string[],
  order: Uint16Array,
): Subject {
  const loop = ownLoop<Promise<boolean>>(true);
  return { name, run: (ops) => loop(read, keys, order, ops) };
}
