import Fastify, { type FastifyInstance } from 'fastify';
import { DEFAULT_NAMESPACE } from '@hotpath/contracts';
import { rawEntryTarget } from './raw-entry-target';

/** The route as the cache-service's Fastify reads it (same router options as createHttpApp). */
async function fastifyReading(): Promise<FastifyInstance> {
  const app = Fastify({ routerOptions: { maxParamLength: 2048 } });
  app.get<{ Params: { key: string }; Querystring: Record<string, unknown> }>(
    '/api/v2/cache/entries/:key',
    async (request) => ({ key: request.params.key, query: request.query }),
  );
  await app.ready();
  return app;
}

describe('rawEntryTarget', () => {
  let fastify: FastifyInstance;

  beforeAll(async () => {
    fastify = await fastifyReading();
  });

  afterAll(() => fastify.close());

  it('reads the key and the namespace of a plain URL, the default namespace without a query', () => {
    expect(rawEntryTarget('/api/v2/cache/entries/user:42')).toEqual({
      key: 'user:42',
      namespace: DEFAULT_NAMESPACE,
    });
    expect(rawEntryTarget('/api/v2/cache/entries/user:42?')).toEqual({
      key: 'user:42',
      namespace: DEFAULT_NAMESPACE,
    });
    expect(rawEntryTarget('/api/v2/cache/entries/user:42?namespace=sessions')).toEqual({
      key: 'user:42',
      namespace: 'sessions',
    });
  });

  it.each([
    ['an encoded key', '/api/v2/cache/entries/user%3A42'],
    ['a key with a path step', '/api/v2/cache/entries/a/b'],
    ['an empty key', '/api/v2/cache/entries/'],
    ['another parameter', '/api/v2/cache/entries/k?namespace=a&x=1'],
    ['a parameter before the namespace', '/api/v2/cache/entries/k?x=1&namespace=a'],
    ['a repeated namespace', '/api/v2/cache/entries/k?namespace=a&namespace=b'],
    ['an encoded namespace', '/api/v2/cache/entries/k?namespace=a%2Db'],
    ['a plus in the namespace', '/api/v2/cache/entries/k?namespace=a+b'],
    ['an empty namespace', '/api/v2/cache/entries/k?namespace='],
    ['an invalid namespace', '/api/v2/cache/entries/k?namespace=Bad!'],
    ['a semicolon', '/api/v2/cache/entries/k;v=1'],
    ['another route', '/api/v2/cache/entries-batch/k'],
  ])('leaves %s to Fastify', (_case, url) => {
    expect(rawEntryTarget(url)).toBeUndefined();
  });

  it.each([
    '/api/v2/cache/entries/user:42',
    '/api/v2/cache/entries/user:42?namespace=sessions',
    '/api/v2/cache/entries/a.b-c_d~e!f*(g)?namespace=ns-1.b_c',
    '/api/v2/cache/entries/k?',
    "/api/v2/cache/entries/it's=fine,really@x?namespace=n",
  ])('reads %s exactly as Fastify does', async (url) => {
    const target = rawEntryTarget(url);
    expect(target).toBeDefined();
    const read = (await fastify.inject({ method: 'GET', url })).json<{
      key: string;
      query: { namespace?: string };
    }>();
    expect(target).toEqual({ key: read.key, namespace: read.query.namespace ?? DEFAULT_NAMESPACE });
  });
});
