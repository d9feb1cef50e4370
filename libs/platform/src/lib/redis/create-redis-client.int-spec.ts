import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startThrowawayRedis } from '@hotpath/testing';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURE = join(here, '../../testing/redis-outage-shutdown.fixture.ts');
const TSCONFIG = join(here, '../../../tsconfig.json');

/**
 * Whether a process has anything left to do can only be seen from outside it, so a real Node
 * process runs the fixture against a redis-server of the test's own. (A Nest service stopped by a
 * signal does not wait: Nest raises the signal again once its shutdown hooks ran. A process that
 * closes its app and exits by itself, as a test runner or a script does, did.)
 */
describe('createRedisClient (child process, throw-away Redis)', () => {
  it('lets a process that closes its client during a Redis outage exit at once, not 2 s later', async () => {
    const redis = await startThrowawayRedis();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', FIXTURE, redis.url], {
      env: { ...process.env, SWC_NODE_PROJECT: TSCONFIG, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
      // A fixture that hangs is killed, which ends its output and fails the expectations below.
      signal: AbortSignal.timeout(20_000),
    });
    child.on('error', () => undefined); // the abort, reported by the exit code instead
    const exited = once(child, 'exit');
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    try {
      expect((await lines.next()).value).toBe('ready');
      await redis.kill();
      const closed = String((await lines.next()).value);
      expect(closed).toMatch(/^closed \d+$/);
      const [code] = await exited;
      const livedAfterClose = Date.now() - Number(closed.split(' ')[1]);

      expect(code).toBe(0);
      // With ioredis's default disconnect timeout it lived 2000 ms more.
      expect(livedAfterClose).toBeLessThan(1_000);
    } finally {
      child.kill();
      await redis.kill();
    }
  }, 30_000);
});
