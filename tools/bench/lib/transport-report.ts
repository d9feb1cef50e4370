import { cpus } from 'node:os';
import type { Work } from './fleet-work';
import { print, table } from './report';
import { latencyAt, type LoadRun } from './transport-load';

export type TransportName = 'hotpath' | 'nest';

export const LABELS: Record<TransportName, string> = {
  hotpath: 'Hotpath (Redis Streams)',
  nest: 'Nest Transport.REDIS',
};

/** One transport with one replica count. */
export interface TransportRow {
  transport: TransportName;
  replicas: number;
  /** At the fixed rate. */
  open: LoadRun;
  /** At saturation. */
  saturation: LoadRun;
  /** Per request, at the fixed rate. */
  work: Work;
  /** Handler runs per request: reply writes (XADD / PUBLISH) beyond the request's own. */
  runs: number;
}

export interface TransportRunInfo {
  rate: number;
  openMs: number;
  inFlight: number;
  saturationMs: number;
  slices: number;
  loadBefore: number;
  seconds: number;
  redisServer: string;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const us = (value: number) => `${Math.round(value)} µs`;
const count = (value: number) => Math.round(value).toLocaleString('en-US');
const perSecond = (run: LoadRun) => (run.answered * 1000) / run.elapsedMs;

/** The transport bench's tables: latency and throughput, the work per request, the goals. */
export function reportTransport(rows: TransportRow[], run: TransportRunInfo): void {
  const cpu = cpus();
  print(`# Hotpath transport benchmark — ${new Date().toISOString()}`);
  print(
    `node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, redis-server ` +
      `${run.redisServer} (throw-away); load average ${run.loadBefore.toFixed(1)} before the run; ` +
      `${run.seconds.toFixed(0)} s`,
  );
  print();
  print(
    `## cache.get of an L1-resident key: ${count(run.rate)} req/s open loop × ${run.openMs / 1000} s, ` +
      `then saturation (closed loop, ${run.inFlight} in flight × ${run.saturationMs / 1000} s); ` +
      `both transports alternate in ${run.slices} slices`,
  );
  print();
  table(
    [
      'transport',
      'replicas',
      'p50',
      'p99',
      'max',
      'errors',
      'not L1 hits',
      'req/s at saturation',
      'p50 at saturation',
    ],
    rows.map((row) => [
      LABELS[row.transport],
      String(row.replicas),
      ms(latencyAt(row.open, 0.5)),
      ms(latencyAt(row.open, 0.99)),
      ms(latencyAt(row.open, 1)),
      String(row.open.errors + row.saturation.errors),
      String(row.open.unexpected),
      count(perSecond(row.saturation)),
      ms(latencyAt(row.saturation, 0.5)),
    ]),
  );
  print(`## Work per request at ${count(run.rate)} req/s, by every process that takes part`);
  print();
  table(
    [
      'transport',
      'replicas',
      'handler runs',
      'CPU: replicas',
      'CPU: Redis',
      'CPU: client',
      'syscalls: replicas',
      'syscalls: Redis',
      'syscalls: client',
      'Redis commands',
    ],
    rows.map(({ transport, replicas, runs, work }) => [
      LABELS[transport],
      String(replicas),
      runs.toFixed(2),
      us(work.cpuUs.replicas),
      us(work.cpuUs.redis),
      us(work.cpuUs.client),
      work.syscalls.replicas.toFixed(1),
      work.syscalls.redis.toFixed(1),
      work.syscalls.client.toFixed(1),
      work.commandsPerRequest.toFixed(2),
    ]),
  );
  reportGoals(rows);
  for (const row of rows) {
    const mix = row.work
      .commands()
      .filter(([, calls]) => calls >= 0.01)
      .map(([command, calls]) => `${command} ${calls.toFixed(2)}`)
      .join(', ');
    print(`Redis commands per request, ${LABELS[row.transport]}, ${row.replicas} replica(s): ${mix}`);
  }
}

/** p99 at the fixed rate no worse than Nest's; saturation ≥ 0.8× Nest's with one replica, ≥ 1× with three. */
function reportGoals(rows: TransportRow[]): void {
  const find = (transport: TransportName, replicas: number) =>
    rows.find((row) => row.transport === transport && row.replicas === replicas);
  const goals: string[][] = [];
  for (const replicas of [1, 3]) {
    const [hotpath, nest] = [find('hotpath', replicas), find('nest', replicas)];
    if (!hotpath || !nest) continue;
    const [p99, nestP99] = [latencyAt(hotpath.open, 0.99), latencyAt(nest.open, 0.99)];
    goals.push([
      'p99 at the fixed rate ≤ Nest’s',
      String(replicas),
      ms(p99),
      ms(nestP99),
      `${(p99 / nestP99).toFixed(2)}×`,
      p99 <= nestP99 ? 'PASS' : 'FAIL',
    ]);
    const atLeast = replicas === 1 ? 0.8 : 1;
    const throughput = perSecond(hotpath.saturation) / perSecond(nest.saturation);
    goals.push([
      `req/s at saturation ≥ ${atLeast}× Nest’s`,
      String(replicas),
      count(perSecond(hotpath.saturation)),
      count(perSecond(nest.saturation)),
      `${throughput.toFixed(2)}×`,
      throughput >= atLeast ? 'PASS' : 'FAIL',
    ]);
  }
  if (goals.length > 0) table(['goal', 'replicas', 'Hotpath', 'Nest', 'Hotpath / Nest', 'verdict'], goals);
}
