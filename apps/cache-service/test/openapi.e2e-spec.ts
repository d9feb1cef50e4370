import { type HttpTestClient, startThrowawayRedis, testApiKeys, type ThrowawayRedis } from '@hotpath/testing';
import { type CacheServiceInstance, startCacheService } from './cache-service-instance';

interface Operation {
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
  parameters?: { name: string; in: string; schema?: Record<string, unknown> }[];
  requestBody?: {
    content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }>;
  };
}
interface OpenApiDocument {
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
}

/** Every cache-service route of ARCHITECTURE.md, by OpenAPI path. */
const ROUTES: [string, string][] = [
  ['/api/v2/cache/entries/{key}', 'get'],
  ['/api/v2/cache/entries/{key}', 'put'],
  ['/api/v2/cache/entries/{key}', 'delete'],
  ['/api/v2/cache/entries/batch-get', 'post'],
  ['/api/v2/cache/status', 'get'],
  ['/api/v2/cache/clear', 'post'],
  ['/api/v2/cache/statistics', 'get'],
  ['/api/v2/cache/policies', 'get'],
  ['/api/v2/cache/policies', 'post'],
  ['/api/v2/cache/keys/{pattern}', 'get'],
];

describe('cache-service OpenAPI document (e2e)', () => {
  const { keys, env: apiKeys } = testApiKeys({ reader: ['cache:read'] });
  let redis: ThrowawayRedis;
  let service: CacheServiceInstance;
  let http: HttpTestClient;
  let document: OpenApiDocument;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    service = await startCacheService({
      REDIS_URL: redis.url,
      HOTPATH_API_KEYS: apiKeys,
      INSTANCE_ID: 'cache-openapi-e2e',
    });
    http = service.http;
    const response = await http.get('/api/docs-json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    document = (await response.json()) as OpenApiDocument;
  });

  afterAll(async () => {
    await service?.close();
    await redis?.kill();
  });

  it('is served without an API key, titled, with the API key as a bearer scheme', () => {
    expect(document.info).toMatchObject({ title: 'Hotpath cache-service', version: expect.any(String) });
    const schemes = Object.values(document.components.securitySchemes);
    expect(schemes).toContainEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
  });

  it.each(ROUTES)('documents %s %s with a security requirement, 401 and 403', (path, method) => {
    const operation = document.paths[path]?.[method];
    expect(operation).toBeDefined();
    const schemeNames = Object.keys(document.components.securitySchemes);
    expect(operation.security).toEqual(expect.arrayContaining([expect.objectContaining({})]));
    expect(operation.security?.flatMap(Object.keys).some((name) => schemeNames.includes(name))).toBe(true);
    expect(operation.responses).toHaveProperty('401');
    expect(operation.responses).toHaveProperty('403');
  });

  it('lists no route the service does not have under /api/v2/cache', () => {
    const documented = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v2/cache'))
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`))
      .sort();
    expect(documented).toEqual(ROUTES.map(([path, method]) => `${method} ${path}`).sort());
  });

  it('documents the PUT body from its zod schema: value, namespace, ttlSeconds, tags, value required', () => {
    const body = document.paths['/api/v2/cache/entries/{key}'].put.requestBody;
    const schema = body?.content['application/json'].schema;
    expect(Object.keys(schema?.properties ?? {}).sort()).toEqual([
      'namespace',
      'tags',
      'ttlSeconds',
      'value',
    ]);
    expect(schema?.required).toEqual(['value']);
    expect(JSON.stringify(document)).not.toContain('#/definitions');
  });

  it('documents the query of GET /statistics and the path parameter of the entries', () => {
    const statistics = document.paths['/api/v2/cache/statistics'].get.parameters ?? [];
    expect(
      statistics
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['granularity', 'namespace', 'range', 'tier']);
    const get = document.paths['/api/v2/cache/entries/{key}'].get.parameters ?? [];
    expect(get).toContainEqual(expect.objectContaining({ name: 'key', in: 'path' }));
    expect(get).toContainEqual(expect.objectContaining({ name: 'namespace', in: 'query' }));
  });

  it('serves the UI at /api/docs without an API key', async () => {
    const response = await http.get('/api/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('swagger-ui');
  });

  it('keeps the API itself closed: the guard still answers 401 without a key', async () => {
    expect((await http.get('/api/v2/cache/status')).status).toBe(401);
    expect((await http.get('/api/v2/cache/status', keys.reader.raw)).status).toBe(200);
  });
});
