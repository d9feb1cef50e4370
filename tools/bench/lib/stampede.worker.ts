import { InvalidationBus, RedisL2Tier, StaticPolicySource, TieredCache } from '@hotpath/cache';
import { BentoCache, bentostore } from 'bentocache';
import { memoryDriver } from 'bentocache/drivers/memory';
import { redisBusDriver, redisDriver } from 'bentocache/drivers/redis';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, REDIS } from './redis-target';
import type { StampedeConfig, StampedeDone, StampedeGo, ToParent, ToWorker } from './stampede-protocol';

/**
 * One process of the stampede: its own cache stack on the shared Redis. On `go` it waits until the
 * agreed instant, fires `callsPerProcess` concurrent get-or-load calls on the cold key and reports.
 * Started by stampede.section.ts with `fork`; exits on `exit`, on a lost parent, or after 60 s.
 */
type GetOrLoad = (key: string, loader: () => Promise<{ n: number }>) => Promise<{ value: { n: number }; tier: string }>;

const send = (message: ToParent) => process.send?.(message);
const redis = connect();
let close: () => Promise<void> = async () => undefined;
let getOrLoad: GetOrLoad | undefined;
let counters: () => StampedeDone['counters'] = () => undefined;
let config: StampedeConfig | undefined;
const lifetime = setTimeout(() => process.exit(2), 60_000);
process.on('disconnect', () => process.exit(3));

process.on('message', (message: ToWorker) => {
  if (message.type === 'config') void setUp(message);
  else if (message.type === 'go') void fire(message);
  else void close().finally(() => {
    clearTimeout(lifetime);
    process.exit(0);
  });
});

async function setUp(received: StampedeConfig): Promise<void> {
  config = received;
  const instanceId = `${received.prefix}-${received.mode}-${received.index}`;
  if (received.mode === 'hotpath') {
    const bus = new InvalidationBus({
      publisher: redis,
      createSubscriber: () => redis.duplicate({ connectionName: `${instanceId}-bus-sub` }),
      instanceId,
      channel: `${received.prefix}:bus`,
    });
    await bus.start();
    const cache = new TieredCache({
      instanceId,
      policies: new StaticPolicySource([{ namespace: received.namespace, tiers: ['l1', 'l2'], ttlSeconds: 60 }]),
      l2: new RedisL2Tier({ redis, keyPrefix: received.prefix }),
      bus,
    });
    getOrLoad = (key, loader) => cache.getOrLoad(received.namespace, key, () => loader());
    const stats = cache.statistics.of(received.namespace);
    counters = () => ({ loads: stats.loads, coalesced: stats.coalescedLoads, l2Errors: stats.l2.errors });
    close = async () => {
      if (received.index === 0) await cache.clear(received.namespace);
      await bus.stop();
      await redis.quit();
    };
  } else {
    const bento = new BentoCache({
      default: 'tiered',
      prefix: `${received.prefix}-bento`,
      stores: {
        tiered: bentostore()
          .useL1Layer(memoryDriver({ maxItems: 1000 }))
          .useL2Layer(redisDriver({ connection: redis }))
          .useBus(redisBusDriver({ connection: { ...REDIS } })),
      },
    });
    getOrLoad = async (key, loader) => {
      let loaded = false;
      const value = await bento.getOrSet({
        key,
        ttl: '1m',
        factory: () => {
          loaded = true;
          return loader();
        },
      });
      return { value, tier: loaded ? 'loader' : 'cache' };
    };
    close = async () => {
      if (received.index === 0) await bento.clear();
      await bento.disconnectAll();
      if (redis.status !== 'end') await redis.quit().catch(() => undefined);
    };
  }
  send({ type: 'ready', index: received.index });
}

async function fire(go: StampedeGo): Promise<void> {
  if (!config || !getOrLoad) throw new Error('go before config');
  const { callsPerProcess, loaderMs, index } = config;
  const call = getOrLoad;
  const loader = async () => {
    const n = await redis.incr(go.counterKey);
    await sleep(loaderMs);
    return { n };
  };
  await sleep(Math.max(0, go.at - Date.now()));
  const before = counters();
  const started = performance.now();
  const outcomes = await Promise.allSettled(Array.from({ length: callsPerProcess }, () => call(go.key, loader)));
  const done: StampedeDone = { type: 'done', index, values: {}, tiers: {}, errors: 0, elapsedMs: performance.now() - started };
  const after = counters();
  if (before && after) {
    done.counters = {
      loads: after.loads - before.loads,
      coalesced: after.coalesced - before.coalesced,
      l2Errors: after.l2Errors - before.l2Errors,
    };
  }
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') {
      done.errors++;
      done.firstError ??= String((outcome.reason as Error)?.message ?? outcome.reason);
      continue;
    }
    const n = String(outcome.value.value.n);
    done.values[n] = (done.values[n] ?? 0) + 1;
    done.tiers[outcome.value.tier] = (done.tiers[outcome.value.tier] ?? 0) + 1;
  }
  send(done);
}
