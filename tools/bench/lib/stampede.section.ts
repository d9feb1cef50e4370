import { type ChildProcess, fork } from 'node:child_process';
import { join, resolve } from 'node:path';
import { unlinkMatching } from '../../../libs/testing/src/index';
import { connect, runPrefix } from './redis-target';
import { print, table } from './report';
import type { StampedeConfig, StampedeDone, ToParent, ToWorker } from './stampede-protocol';

const PROCESSES = 4;
const CALLS = 1000;
const LOADER_MS = 50;
const ROUNDS = 5;
const NS = 'bench-stampede';

/**
 * 3. Stampede: 1000 concurrent get-or-load calls on one cold key, 250 from each of 4 processes
 * that start at the same instant (an agreed epoch ms sent to all of them once every one is ready).
 * The loader INCRs a Redis counter and waits 50 ms; the counter is the number of loader calls.
 */
export async function stampedeSection(): Promise<void> {
  print(`## 3. Stampede: ${CALLS} concurrent get-or-load on one cold key, ${PROCESSES} processes × ${CALLS / PROCESSES}\n`);
  const redis = connect();
  const prefix = runPrefix();
  const rows: string[][] = [];
  try {
    for (const mode of ['hotpath', 'bentocache'] as const) {
      const workers = await startWorkers(mode, prefix);
      try {
        for (let round = 1; round <= ROUNDS; round++) {
          const counterKey = `${prefix}:loads:${mode}:${round}`;
          const key = `cold-${round}`;
          const at = Date.now() + 250;
          const reports = await Promise.all(
            workers.map((worker) => {
              const report = nextMessage<StampedeDone>(worker, 'done', 30_000);
              worker.send({ type: 'go', key, counterKey, at } satisfies ToWorker);
              return report;
            }),
          );
          const loads = Number(await redis.get(counterKey));
          const values: Record<string, number> = {};
          const tiers: Record<string, number> = {};
          let errors = 0;
          for (const report of reports) {
            errors += report.errors;
            for (const [n, count] of Object.entries(report.values)) values[n] = (values[n] ?? 0) + count;
            for (const [tier, count] of Object.entries(report.tiers)) tiers[tier] = (tiers[tier] ?? 0) + count;
          }
          const firstError = reports.find((report) => report.firstError)?.firstError;
          rows.push([
            mode === 'hotpath' ? 'Hotpath TieredCache.getOrLoad' : 'bentocache getOrSet (memory L1 + redis L2 + bus)',
            String(round),
            String(loads),
            mode === 'hotpath' ? `= 1 ${loads === 1 ? 'PASS' : 'FAIL'}` : `(expected ${PROCESSES}: 1 per process)`,
            Object.entries(values).map(([n, count]) => `n=${n}: ${count}`).join(', '),
            Object.entries(tiers).map(([tier, count]) => `${tier} ${count}`).join(', '),
            errors === 0 ? '0' : `${errors} (${firstError})`,
            `${Math.round(Math.max(...reports.map((report) => report.elapsedMs)))} ms`,
            reports.map((report) => (report.counters ? `${report.counters.loads}/${report.counters.l2Errors}` : '—')).join(' '),
          ]);
        }
      } finally {
        await stopWorkers(workers);
      }
    }
  } finally {
    await unlinkMatching(redis, `${prefix}*`);
    await redis.quit();
  }
  table(
    ['subject', 'round', 'loader calls (all processes)', 'goal', 'answers by loader result', 'answered from', 'errors', 'slowest process', 'per process: loads/L2 errors'],
    rows,
  );
}

async function startWorkers(mode: StampedeConfig['mode'], prefix: string): Promise<ChildProcess[]> {
  const register = resolve(__dirname, '../../dev/register.cjs');
  const workers = Array.from({ length: PROCESSES }, () =>
    fork(join(__dirname, 'stampede.worker.ts'), [], { execArgv: ['-r', register], stdio: 'inherit' }),
  );
  await Promise.all(
    workers.map((worker, index) => {
      const ready = nextMessage(worker, 'ready', 30_000);
      worker.send({ type: 'config', mode, index, prefix, namespace: NS, callsPerProcess: CALLS / PROCESSES, loaderMs: LOADER_MS } satisfies ToWorker);
      return ready;
    }),
  );
  return workers;
}

/** Asks each worker to exit (index 0 clears the namespace first); kills, by pid, any that do not. */
async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((done) => {
          if (worker.exitCode !== null) return done();
          const kill = setTimeout(() => worker.kill('SIGKILL'), 10_000);
          worker.once('exit', () => {
            clearTimeout(kill);
            done();
          });
          worker.send({ type: 'exit' } satisfies ToWorker);
        }),
    ),
  );
}

function nextMessage<T extends ToParent>(worker: ChildProcess, type: T['type'], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      worker.off('message', onMessage);
      reject(new Error(`worker ${worker.pid} sent no ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: ToParent) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      worker.off('message', onMessage);
      resolve(message as T);
    };
    worker.on('message', onMessage);
  });
}
