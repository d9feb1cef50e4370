import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import autocannon from 'autocannon';
import { firstValueFrom } from 'rxjs';
import { freePort } from '../../libs/testing/src/index';
import { print, table } from './lib/report';

/**
 * The cache-service's HTTP and Redis-transport benchmarks of docs/benchmarks.md, in one run:
 *
 *   node -r ./tools/dev/register.cjs tools/bench/http.bench.ts
 *
 * 1. `GET /api/v2/cache/entries/:key` on an L1 hit, autocannon with 50 connections for 10 s, side by
 *    side with bare Fastify answering the same JSON from a Map (each server in its own process).
 * 2. `cache.get` over the Redis transport at a fixed 2,000 requests/s for 10 s: p50/p99.
 * Loopback only; everything stops by itself.
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

async function transportLatency(port: number): Promise<{ p50: number; p99: number; sent: number; errors: number }> {
  const client = ClientProxyFactory.create({ transport: Transport.REDIS, options: { host: '127.0.0.1', port } });
  await client.connect();
  const latencies: number[] = [];
  let errors = 0;
  const ask = async () => {
    const started = performance.now();
    try {
      await firstValueFrom(client.send('cache.get', { namespace: 'bench', key: 'bench' }));
      latencies.push(performance.now() - started);
    } catch {
      errors++;
    }
  };
  for (let i = 0; i < 2000; i++) await ask(); // warm-up
  latencies.length = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  // 2,000 requests/s: 2 per millisecond tick, scheduled against the clock (no coordinated omission).
  for (let sent = 0; sent < 2000 * DURATION_S; ) {
    const due = Math.floor((performance.now() - started) * 2);
    while (sent < due && sent < 2000 * DURATION_S) {
      pending.push(ask());
      sent++;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  await client.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { p50: at(0.5), p99: at(0.99), sent: latencies.length + errors, errors };
}

/** The built cache-service bundle (`npx nx build cache-service`), with request logs off. */
async function startCacheService(port: number): Promise<{ stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/cache-service/main.js')], {
    env: {
      ...process.env,
      CACHE_SERVICE_PORT: String(port),
      HOST: '127.0.0.1',
      HOTPATH_DEV_API_KEY: KEY,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
      INSTANCE_ID: 'bench',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 300; attempt++) {
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (child.exitCode !== null) throw new Error('cache-service exited during start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function main(): Promise<void> {
  const port = await freePort();
  const service = await startCacheService(port);
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
    print();
    const transport = await transportLatency(6379);
    print('## cache.get over the Redis transport at 2,000 requests/s × 10 s');
    print();
    table(['requests', 'errors', 'p50', 'p99'], [[String(transport.sent), String(transport.errors), `${transport.p50.toFixed(2)} ms`, `${transport.p99.toFixed(2)} ms`]]);
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
