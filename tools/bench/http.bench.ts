import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../../libs/testing/src/index';
import { startCacheServiceBundle } from './lib/cache-service-bundle';
import { print, table } from './lib/report';

/**
 * The cache-service's HTTP benchmark of docs/benchmarks.md:
 *
 *   node -r ./tools/dev/register.cjs tools/bench/http.bench.ts
 *
 * `GET /api/v2/cache/entries/:key` on an L1 hit, autocannon with 50 connections for 10 s, side by
 * side with bare Fastify answering the same JSON from a Map (each server in its own process).
 * `cache.get` over the transport has a benchmark of its own (transport.bench.ts). Loopback only;
 * everything stops by itself.
 */
const ROOT = join(__dirname, '../..');
const KEY = 'hp_bench_0123456789abcdef';
const DURATION_S = 10;

async function startBareFastify(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['-r', join(ROOT, 'tools/dev/register.cjs'), join(__dirname, 'lib/bare-fastify.server.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  const port = /listening (\d+)/.exec(chunk.toString())?.[1];
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

function cannon(url: string, headers: Record<string, string>): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 50, duration: DURATION_S, headers }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function main(): Promise<void> {
  const port = await freePort();
  // Request logs off (LOG_LEVEL=warn); a rate limit that never refuses, still leased from Redis.
  const service = await startCacheServiceBundle(port, {
    HOTPATH_DEV_API_KEY: KEY,
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
    INSTANCE_ID: 'bench',
  });
  const bare = await startBareFastify();
  try {
    const headers = { authorization: `Bearer ${KEY}` };
    const base = `http://127.0.0.1:${port}/api/v2/cache/entries/bench`;
    const put = await fetch(base, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ namespace: 'bench', value: { plan: 'pro', roles: ['reader', 'writer'], limits: { rps: 100 } }, ttlSeconds: 3600 }),
    });
    if (!put.ok) throw new Error(`PUT failed: ${put.status} ${await put.text()}`);
    const url = `${base}?namespace=bench`;
    await cannon(url, headers); // warm-up both JITs
    await cannon(`${bare.url}/api/v2/cache/entries/bench`, {});
    const hotpath = await cannon(url, headers);
    const anchor = await cannon(`${bare.url}/api/v2/cache/entries/bench`, {});
    print(`# Hotpath HTTP benchmarks — ${new Date().toISOString()}, node ${process.version}`);
    print();
    print('## GET /api/v2/cache/entries/:key, L1 hit, autocannon 50 connections × 10 s');
    print();
    const row = (name: string, result: autocannon.Result) => [
      name,
      Math.round(result.requests.average).toLocaleString('en-US'),
      `${result.latency.p50} ms`,
      `${result.latency.p99} ms`,
      String(result.non2xx + result.errors),
    ];
    table(['server', 'req/s', 'p50', 'p99', 'non-2xx + errors'], [row('bare Fastify (Map)', anchor), row('cache-service (auth, rate limit, L1 hit)', hotpath)]);
    const ratio = hotpath.requests.average / anchor.requests.average;
    print(`ratio ${ratio.toFixed(2)}× (goal ≥ 0.85× ${ratio >= 0.85 ? 'PASS' : 'FAIL'}); p99 ${hotpath.latency.p99} ms (goal < 5 ms ${hotpath.latency.p99 < 5 ? 'PASS' : 'FAIL'})`);
  } finally {
    await bare.stop();
    await service.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
