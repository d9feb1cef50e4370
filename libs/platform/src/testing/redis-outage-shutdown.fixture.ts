/**
 * Child process of `create-redis-client.int-spec.ts`. Argv: <redisUrl>. Connects as the services
 * do, writes `ready` and waits for its Redis to go away (the test kills it), then closes the client
 * as `RedisClientsModule` does on shutdown and writes `closed <ms since epoch>`. The test measures
 * how long the process lives after that.
 */
import { once } from 'node:events';
import { createRedisClient } from '../lib/redis/create-redis-client';

async function main(): Promise<void> {
  const client = createRedisClient({ url: process.argv[2], connectionName: 'outage-shutdown-fixture' });
  client.on('error', () => undefined); // a dead Redis is the point of this fixture
  // No offline queue: a command before the connection is ready would fail.
  await once(client, 'ready');
  await client.ping();
  client.once('close', () => {
    void client
      .quit()
      .catch(() => client.disconnect())
      .then(() => process.stdout.write(`closed ${Date.now()}\n`));
  });
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
