import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CircuitBreaker } from '@hotpath/resilience';
import { HttpWriteBehindSinkWriter } from './http-write-behind-sink';

interface Received {
  idempotencyKey: string | undefined;
  body: { namespace: string; entries: Array<{ key: string; version: number; value: unknown }> };
}

describe('HttpWriteBehindSinkWriter against a local HTTP server', () => {
  let server: Server;
  let url: string;
  const received: Received[] = [];
  /** Statuses the server answers, in order; 204 once they run out. */
  let script: number[] = [];

  beforeAll(async () => {
    server = createServer(async (request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      received.push({
        idempotencyKey: request.headers['idempotency-key'] as string | undefined,
        body: JSON.parse(Buffer.concat(chunks).toString()),
      });
      response.statusCode = script.shift() ?? 204;
      response.end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sink`;
  });

  beforeEach(() => {
    received.length = 0;
    script = [];
  });

  afterAll(() => server.close());

  const entries = [
    { key: 'a', version: 2, value: { n: 1 } },
    { key: 'b', version: 3, value: null },
  ];

  it('POSTs the batch with an Idempotency-Key that is the same for the same batch, whatever its order', async () => {
    const sink = new HttpWriteBehindSinkWriter({ url, timeoutMs: 1000 });
    await sink.write('ns', entries);
    await sink.write('ns', [...entries].reverse());
    await sink.write('ns', [{ ...entries[0], version: 4 }, entries[1]]);
    expect(received[0].body).toEqual({ namespace: 'ns', entries });
    expect(received[0].idempotencyKey).toMatch(/^[\w-]{43}$/);
    expect(received[1].idempotencyKey).toBe(received[0].idempotencyKey);
    expect(received[2].idempotencyKey).not.toBe(received[0].idempotencyKey);
  });

  it('retries 5xx and 429 with the same key, and gives up on other 4xx at once', async () => {
    const sink = new HttpWriteBehindSinkWriter({ url, timeoutMs: 1000 }, { baseDelayMs: 1 });
    script = [503, 429];
    await sink.write('ns', entries);
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.idempotencyKey)).size).toBe(1);

    received.length = 0;
    script = [400];
    await expect(sink.write('ns', entries)).rejects.toMatchObject({ status: 400 });
    expect(received).toHaveLength(1);

    received.length = 0;
    script = [500, 500, 500];
    // A sink of its own: this one's breaker has seen enough failures to open.
    const fresh = new HttpWriteBehindSinkWriter({ url, timeoutMs: 1000 }, { baseDelayMs: 1 });
    await expect(fresh.write('ns', entries)).rejects.toMatchObject({ status: 500 });
    expect(received).toHaveLength(3);
  });

  it('stops calling an endpoint that keeps failing once its breaker opens', async () => {
    const breaker = new CircuitBreaker({ name: 'test-sink', minimumNumberOfCalls: 2, slidingWindowSize: 2 });
    const sink = new HttpWriteBehindSinkWriter({ url, timeoutMs: 1000 }, { breaker, maxAttempts: 1 });
    script = [500, 500, 500, 500];
    await expect(sink.write('ns', entries)).rejects.toThrow();
    await expect(sink.write('ns', entries)).rejects.toThrow();
    expect(breaker.state).toBe('open');
    await expect(sink.write('ns', entries)).rejects.toMatchObject({ code: 'BREAKER_OPEN' });
    expect(received).toHaveLength(2);
  });
});
