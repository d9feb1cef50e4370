import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { UnknownReadsReport, UnknownReadsSetup } from '../../testing/unknown-namespace-reads-worker';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const READS = 5_000;
const WRITES = 100;
// The worker compiles the engine from source before it starts: seconds on a busy CI box.
const PROCESS_BUDGET_MS = 90_000;

function workspaceRoot(from = process.cwd()): string {
  return existsSync(join(from, 'nx.json')) ? from : workspaceRoot(dirname(from));
}

/**
 * The heap is measured in a child process started with --expose-gc (Jest runs without it), after a
 * full collection; the namespaces held, statistics rows and metric label sets are the structures
 * themselves, read in the same process.
 */
describe('reads of unknown namespaces (real Redis)', () => {
  it(
    `keeps the heap, the namespaces held, the statistics rows and the metric labels flat over ${READS} reads of distinct unknown namespaces`,
    async () => {
      const root = workspaceRoot();
      const worker = fork(join(root, 'libs/cache/src/testing/unknown-namespace-reads-worker.ts'), [], {
        cwd: root,
        execArgv: ['--expose-gc', '-r', join(root, 'tools/dev/register.cjs')],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      try {
        const setup: UnknownReadsSetup = {
          redisUrl: REDIS_URL,
          keyPrefix: `test-unknown-${randomUUID().slice(0, 8)}`,
          channel: `test-unknown-${randomUUID()}`,
          reads: READS,
          writes: WRITES,
        };
        const answer = once(worker, 'message') as Promise<[UnknownReadsReport & { error?: string }]>;
        worker.send(setup);
        const [report] = await answer;
        expect(report.error).toBeUndefined();

        // Every read was answered (a miss: nobody wrote these keys) by a real Redis round trip.
        expect(report.answered).toBe(3 * READS);
        const [warm, ...measured] = report.rounds;
        for (const round of measured) {
          expect(round).toMatchObject({
            namespaces: 0,
            statisticsRows: 0,
            metricLabelSets: warm.metricLabelSets,
          });
        }
        const growth = measured[measured.length - 1].heapBytes - warm.heapBytes;
        // 10,000 reads after the warm-up retain nothing: less than 20 bytes a read of heap noise.
        expect(growth).toBeLessThan(200_000);
        // The instrument sees what holding namespaces costs: 100 written ones take some 19 KB each.
        const held = report.afterWrites;
        expect(held).toMatchObject({ namespaces: WRITES, statisticsRows: WRITES });
        expect(held.metricLabelSets).toBeGreaterThan(warm.metricLabelSets + WRITES);
        expect(held.heapBytes - measured[measured.length - 1].heapBytes).toBeGreaterThan(1_000_000);
      } finally {
        if (worker.exitCode === null) worker.kill('SIGKILL');
      }
    },
    PROCESS_BUDGET_MS,
  );
});
