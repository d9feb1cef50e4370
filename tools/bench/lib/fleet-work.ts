import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

/** Clock ticks per second of /proc/<pid>/stat's CPU times. */
const TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** What some processes have used so far: CPU seconds (user + system) and read/write system calls. */
interface Usage {
  cpuS: number;
  syscalls: number;
}

/** A process's usage from /proc (Linux); `self` for this process. */
function usageOf(pid: number | 'self'): Usage {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields from the ')' that closes it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const calls = (name: string) => Number(new RegExp(`^${name}: (\\d+)`, 'm').exec(io)?.[1] ?? 0);
  return {
    cpuS: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S,
    syscalls: calls('syscr') + calls('syscw'),
  };
}

/** CPU seconds a process has used so far. */
export function processCpuSeconds(pid: number): number {
  return usageOf(pid).cpuS;
}

function sum(pids: (number | 'self')[]): Usage {
  return pids.map(usageOf).reduce((a, b) => ({ cpuS: a.cpuS + b.cpuS, syscalls: a.syscalls + b.syscalls }), {
    cpuS: 0,
    syscalls: 0,
  });
}

/**
 * What the processes taking part did: totals since they started (a snapshot), or between two
 * snapshots (see {@link workDelta}), which add up over the slices of a measurement.
 */
export interface WorkTotals {
  /** The server processes (the replicas) together. */
  replicas: Usage;
  /** This process: the client (and the load generator). */
  client: Usage;
  redis: Usage;
  /** Calls per Redis command, from INFO commandstats. */
  commands: Map<string, number>;
}

export const NO_WORK: WorkTotals = {
  replicas: { cpuS: 0, syscalls: 0 },
  client: { cpuS: 0, syscalls: 0 },
  redis: { cpuS: 0, syscalls: 0 },
  commands: new Map(),
};

/** `redisPid`: redis-server's process id (see {@link redisPidOf}; it runs on this machine). */
export async function snapshotWork(
  redis: Redis,
  redisPid: number,
  replicaPids: number[],
): Promise<WorkTotals> {
  const stats = await redis.info('commandstats');
  const commands = new Map<string, number>();
  for (const match of stats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
    commands.set(match[1], Number(match[2]));
  return { replicas: sum(replicaPids), client: usageOf('self'), redis: usageOf(redisPid), commands };
}

function combine(a: WorkTotals, b: WorkTotals, sign: 1 | -1): WorkTotals {
  const usage = (x: Usage, y: Usage): Usage => ({
    cpuS: x.cpuS + sign * y.cpuS,
    syscalls: x.syscalls + sign * y.syscalls,
  });
  const commands = new Map(a.commands);
  for (const [command, calls] of b.commands)
    commands.set(command, (commands.get(command) ?? 0) + sign * calls);
  return {
    replicas: usage(a.replicas, b.replicas),
    client: usage(a.client, b.client),
    redis: usage(a.redis, b.redis),
    commands,
  };
}

export const workDelta = (before: WorkTotals, after: WorkTotals): WorkTotals => combine(after, before, -1);
export const addWork = (a: WorkTotals, b: WorkTotals): WorkTotals => combine(a, b, 1);

export interface Work {
  /** CPU µs per request. */
  cpuUs: { replicas: number; client: number; redis: number };
  /** read/write system calls per request (socket reads and writes, mostly). */
  syscalls: { replicas: number; client: number; redis: number };
  /** Redis commands per request (the bench's own INFO calls included: one per snapshot). */
  commandsPerRequest: number;
  /** Calls of one command per request. */
  perRequest(command: string): number;
  /** Every command called, with its calls per request, most frequent first. */
  commands(): [string, number][];
}

export function workPerRequest(totals: WorkTotals, requests: number): Work {
  const calls = (command: string) => totals.commands.get(command) ?? 0;
  const per = (pick: (usage: Usage) => number, scale: number) => ({
    replicas: (pick(totals.replicas) * scale) / requests,
    client: (pick(totals.client) * scale) / requests,
    redis: (pick(totals.redis) * scale) / requests,
  });
  return {
    cpuUs: per((usage) => usage.cpuS, 1e6),
    syscalls: per((usage) => usage.syscalls, 1),
    commandsPerRequest: [...totals.commands.values()].reduce((a, b) => a + b, 0) / requests,
    perRequest: (command) => calls(command) / requests,
    commands: () =>
      [...totals.commands.keys()]
        .map((command): [string, number] => [command, calls(command) / requests])
        .sort((a, b) => b[1] - a[1]),
  };
}

/** redis-server's process id, from its INFO. */
export async function redisPidOf(redis: Redis): Promise<number> {
  return Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
}
