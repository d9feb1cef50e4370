import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function workspaceRoot(from = process.cwd()): string {
  return existsSync(join(from, 'nx.json')) ? from : workspaceRoot(dirname(from));
}

// Two Node processes compile the engine from source before they can answer: seconds on a busy CI box.
const PROCESS_START_BUDGET_MS = 60_000;

describe('single flight across processes (real Redis)', () => {
  const root = workspaceRoot();
  const counterKey = `test-stampede-${randomUUID()}`;
  const admin = new Redis(REDIS_URL);
  let workers: ChildProcess[] = [];

  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    await admin.del(counterKey);
    admin.disconnect();
  });

  it('loads a cold key once when two processes ask for it 50 times each at the same moment', async () => {
    workers = [0, 1].map(() =>
      fork(join(root, 'libs/cache/src/testing/single-flight-worker.ts'), [], {
        cwd: root,
        execArgv: ['-r', join(root, 'tools/dev/register.cjs')],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    const setup = {
      redisUrl: REDIS_URL,
      keyPrefix: `test-stampede-${randomUUID().slice(0, 8)}`,
      channel: `test-stampede-${randomUUID()}`,
    };
    const ready = workers.map((worker) => once(worker, 'message'));
    for (const worker of workers) worker.send(setup);
    await Promise.all(ready);
    const go = { counterKey, key: 'cold', concurrency: 50 };
    const results = workers.map(
      (worker) => once(worker, 'message') as Promise<[{ values?: unknown[]; error?: string }]>,
    );
    for (const worker of workers) worker.send(go);
    const answers = (await Promise.all(results)).map(([answer]) => answer);

    expect(answers.map((answer) => answer.error)).toEqual([undefined, undefined]);
    expect(Number(await admin.get(counterKey))).toBe(1);
    const values = answers.flatMap((answer) => answer.values ?? []);
    expect(values).toHaveLength(100);
    expect(new Set(values)).toEqual(new Set(['loaded-by-call-1']));
  }, PROCESS_START_BUDGET_MS);
});
