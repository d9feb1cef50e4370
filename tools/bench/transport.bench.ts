import { loadavg } from 'node:os';
import { RedisL2Tier, StaticPolicySource, TieredCache } from '@hotpath/cache';
import { CachePatterns, type CacheEntryResponse } from '@hotpath/contracts';
import { redisConnectionOptions } from '@hotpath/platform';
import { freePort, startThrowawayRedis, testApiKeys } from '@hotpath/testing';
import { HotpathTransportClient } from '@hotpath/transport';
import { Logger } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { Redis } from 'ioredis';
import { firstValueFrom, timeout } from 'rxjs';
import { type BundleProcess, startCacheServiceBundle } from './lib/cache-service-bundle';
import {
  addWork,
  NO_WORK,
  processCpuSeconds,
  redisPidOf,
  snapshotWork,
  workDelta,
  workPerRequest,
  type WorkTotals,
} from './lib/fleet-work';
import { redisVersion } from './lib/redis-target';
import { type RedisTransportProcess, startRedisTransportServer } from './lib/redis-transport-process';
import { reportTransport, type TransportName, type TransportRow } from './lib/transport-report';
import { addRuns, type Call, closedLoop, emptyRun, type LoadRun, openLoop } from './lib/transport-load';

/**
 * `cache.get` of an L1-resident key over the Hotpath transport (libs/transport, Redis Streams)
 * against Nest's own Redis transport (`Transport.REDIS`, pub/sub), the anchor, with one and with
 * three replicas, in one run (docs/benchmarks.md, "Transport"):
 *
 *   npm run bench:transport   # builds the cache-service, then runs this file (about 2 minutes)
 *   node -r ./tools/dev/register.cjs tools/bench/transport.bench.ts [--only=hotpath|nest] [--cpu-prof=<dir>]
 *
 * Hotpath replicas are the built cache-service bundle; the anchor's are lib/redis-transport.server.ts
 * (the same handler work, over Transport.REDIS). Everything runs on a throw-away redis-server. For
 * each replica count: p50/p99 at a fixed 2,000 requests/s (open loop, 10 s per transport), then
 * requests/s at saturation (closed loop, 128 in flight, 5 s per transport), and the work the
 * processes did per request (CPU and system calls of replicas, client and Redis; Redis commands;
 * handler runs, which Nest's transport multiplies by the replicas). The two transports alternate
 * in slices of a fifth of that, so a machine that gets busier or quieter meanwhile weighs on both.
 * `--cpu-prof=<dir>` starts every replica with `--cpu-prof` (profiles written when they stop);
 * `--only` runs one transport.
 */
const NAMESPACE = 'bench-transport';
const KEY = 'user:42';
const VALUE = { plan: 'pro', roles: ['reader', 'writer'], limits: { rps: 100 } };
const RATE = 2_000;
const OPEN_MS = 10_000;
const WARMUP_MS = 2_000;
const IN_FLIGHT = 128;
const SATURATION_MS = 5_000;
const SLICES = 5;
const REQUEST_TIMEOUT_MS = 5_000;

interface Subject {
  transport: TransportName;
  call: Call;
  /** The server processes answering this transport now. */
  pids(): number[];
}

interface Tally {
  open: LoadRun;
  saturation: LoadRun;
  work: WorkTotals;
}

function options(): { only?: TransportName; cpuProfDir?: string } {
  const value = (name: string) =>
    process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const only = value('only');
  if (only !== undefined && only !== 'hotpath' && only !== 'nest') throw new Error('--only=hotpath|nest');
  return { only, cpuProfDir: value('cpu-prof') };
}

const isL1Hit = (reply: unknown) => (reply as CacheEntryResponse | null)?.tier === 'l1';
const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Waits until the servers of both transports have finished what they were sent (Nest's replicas
 * keep answering requests whose first reply the caller already has), so that no slice pays for
 * the one before: less than a tenth of a core over 200 ms, or 5 s.
 */
async function settled(pids: number[]): Promise<void> {
  const cpu = () => pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  for (let waited = 0, last = cpu(); waited < 5_000; waited += 200) {
    await pause(200);
    const now = cpu();
    if (now - last < 0.02) return;
    last = now;
  }
}

/** Both subjects with the replicas running now: warm-up, then alternating slices. */
async function measure(subjects: Subject[], replicas: number, admin: Redis): Promise<TransportRow[]> {
  const redisPid = await redisPidOf(admin);
  const servers = () => subjects.flatMap((subject) => subject.pids());
  const tallies = new Map<Subject, Tally>(
    subjects.map((subject) => [subject, { open: emptyRun(), saturation: emptyRun(), work: NO_WORK }]),
  );
  for (const subject of subjects) await openLoop(subject.call, RATE, WARMUP_MS);
  for (let slice = 0; slice < SLICES; slice++) {
    for (const subject of slice % 2 === 0 ? subjects : [...subjects].reverse()) {
      const tally = tallies.get(subject) as Tally;
      await settled(servers());
      const before = await snapshotWork(admin, redisPid, subject.pids());
      tally.open = addRuns(tally.open, await openLoop(subject.call, RATE, OPEN_MS / SLICES, isL1Hit));
      // Nest's other replicas may still be answering: their work counts too.
      await settled(subject.pids());
      tally.work = addWork(
        tally.work,
        workDelta(before, await snapshotWork(admin, redisPid, subject.pids())),
      );
    }
  }
  for (let slice = 0; slice < SLICES; slice++) {
    for (const subject of slice % 2 === 0 ? subjects : [...subjects].reverse()) {
      const tally = tallies.get(subject) as Tally;
      await settled(servers());
      tally.saturation = addRuns(
        tally.saturation,
        await closedLoop(subject.call, IN_FLIGHT, SATURATION_MS / SLICES),
      );
    }
  }
  return subjects.map((subject) => {
    const { open, saturation, work: totals } = tallies.get(subject) as Tally;
    const work = workPerRequest(totals, open.sent);
    const runs = work.perRequest(subject.transport === 'hotpath' ? 'xadd' : 'publish') - 1;
    return { transport: subject.transport, replicas, open, saturation, work, runs };
  });
}

/** Writes the key once, to L2, as any cache instance would; each replica reads it into its L1. */
async function seed(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    const cache = new TieredCache({
      instanceId: 'bench-seed',
      policies: new StaticPolicySource(),
      l2: new RedisL2Tier({ redis }),
    });
    await cache.set(NAMESPACE, KEY, VALUE, { ttlSeconds: 3600 });
  } finally {
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  // Nest's Redis client logs (at debug) every reply it has no caller for: with three replicas, two
  // of every three replies. Printing them would be the client's largest cost.
  Logger.overrideLogger(['warn', 'error']);
  const { only, cpuProfDir } = options();
  const nodeArgs = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const loadBefore = loadavg()[0];
  const startedAt = Date.now();
  const redis = await startThrowawayRedis();
  const admin = new Redis(redis.url);
  const { env: apiKeys, keys } = testApiKeys({ bench: ['cache:read', 'cache:write'] });
  const apiKey = keys.bench.raw;
  const hotpathReplicas: BundleProcess[] = [];
  const nestReplicas: RedisTransportProcess[] = [];
  const transports: TransportName[] = only ? [only] : ['hotpath', 'nest'];
  const startReplica = async (transport: TransportName, name: string): Promise<void> => {
    const env = {
      REDIS_URL: redis.url,
      QUEUE_REDIS_URL: redis.url,
      HOTPATH_API_KEYS: apiKeys,
      INSTANCE_ID: `${transport}-${name}`,
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
    };
    if (transport === 'hotpath') {
      hotpathReplicas.push(await startCacheServiceBundle(await freePort(), env, nodeArgs));
    } else nestReplicas.push(await startRedisTransportServer(env, nodeArgs));
  };
  const addReplicas = (names: string[]) =>
    Promise.all(transports.flatMap((transport) => names.map((name) => startReplica(transport, name))));

  const hotpath = new HotpathTransportClient({
    redisUrl: redis.url,
    apiKey,
    service: 'cache-service',
    timeoutMs: REQUEST_TIMEOUT_MS,
  });
  const { host, port } = redisConnectionOptions(redis.url);
  const nest = ClientProxyFactory.create({ transport: Transport.REDIS, options: { host, port } });
  const subjects: Record<TransportName, Subject> = {
    hotpath: {
      transport: 'hotpath',
      call: () => firstValueFrom(hotpath.send(CachePatterns.Get, { namespace: NAMESPACE, key: KEY })),
      pids: () => hotpathReplicas.map((replica) => replica.pid),
    },
    nest: {
      transport: 'nest',
      // Nest's Redis transport carries nothing but the payload: the key travels in it. Its client
      // has no timeout of its own; the one here is the Hotpath client's.
      call: () =>
        firstValueFrom(
          nest
            .send(CachePatterns.Get, { apiKey, namespace: NAMESPACE, key: KEY })
            .pipe(timeout(REQUEST_TIMEOUT_MS)),
        ),
      pids: () => nestReplicas.map((replica) => replica.pid),
    },
  };
  const rows: TransportRow[] = [];
  let redisServer = 'unknown';
  try {
    redisServer = await redisVersion(admin);
    await seed(redis.url);
    await addReplicas(['a']);
    await Promise.all([hotpath.connect(), nest.connect()]);
    rows.push(
      ...(await measure(
        transports.map((transport) => subjects[transport]),
        1,
        admin,
      )),
    );
    await addReplicas(['b', 'c']);
    rows.push(
      ...(await measure(
        transports.map((transport) => subjects[transport]),
        3,
        admin,
      )),
    );
  } finally {
    await hotpath.close();
    await nest.close();
    await Promise.all([...hotpathReplicas, ...nestReplicas].map((replica) => replica.stop()));
    admin.disconnect();
    await redis.kill();
  }
  reportTransport(rows, {
    rate: RATE,
    openMs: OPEN_MS,
    inFlight: IN_FLIGHT,
    saturationMs: SATURATION_MS,
    slices: SLICES,
    loadBefore,
    seconds: (Date.now() - startedAt) / 1000,
    redisServer,
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
