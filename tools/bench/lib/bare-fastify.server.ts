// The anchor of the HTTP benchmark: bare Fastify answering the same JSON from a Map, in a process of
// its own (as the cache-service runs in one). Prints "listening <port>" when ready.
import Fastify from 'fastify';

const entries = new Map<string, unknown>();
const app = Fastify({ logger: false });

app.get<{ Params: { key: string } }>('/api/v2/cache/entries/:key', async (request, reply) => {
  const entry = entries.get(request.params.key);
  if (!entry) return reply.code(404).send({ status: 404 });
  return entry;
});

entries.set('bench', {
  key: 'bench',
  namespace: 'bench',
  value: { plan: 'pro', roles: ['reader', 'writer'], limits: { rps: 100 } },
  version: 1795380000000000,
  tier: 'l1',
  ttlRemainingMs: 300000,
  stale: false,
});

app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
  const address = app.server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
