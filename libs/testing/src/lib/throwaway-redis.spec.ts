import { Redis } from 'ioredis';
import { startThrowawayRedis } from './throwaway-redis';

describe('startThrowawayRedis', () => {
  it('starts a server that answers, and kill() makes it stop answering', async () => {
    const server = await startThrowawayRedis();
    const client = new Redis(server.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    expect(await client.ping()).toBe('PONG');
    const closed = new Promise((resolve) => client.once('end', resolve));
    await server.kill();
    await closed;
    await expect(client.ping()).rejects.toThrow();
    // The client has ended (no retries): disconnect() now would only arm ioredis's 2 s timer on
    // the closed socket, which keeps Jest from exiting.
    expect(client.status).toBe('end');
  });
});
