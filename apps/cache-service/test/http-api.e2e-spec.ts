import { randomUUID } from 'node:crypto';
import { brotliDecompressSync } from 'node:zlib';
import { startThrowawayRedis, testApiKeys, type ThrowawayRedis } from '@hotpath/testing';
import {
  type CacheServiceInstance,
  deletePolicies,
  rawGet,
  startCacheService,
} from './cache-service-instance';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: Array<{ field: string; message: string }>;
}

interface EntryBody {
  key: string;
  namespace: string;
  value: unknown;
  version: number;
  tier: string;
  ttlRemainingMs: number;
  stale: boolean;
}

const MiB = 1024 * 1024;

describe('cache-service HTTP API (e2e, real Redis and PostgreSQL)', () => {
  const { keys, env } = testApiKeys({
    reader: ['cache:read'],
    writer: ['cache:read', 'cache:write'],
    admin: ['cache:read', 'cache:write', 'cache:admin'],
    limited: ['cache:read'],
  });
  // The `limited` key gets a rate limit of its own: 1/s sustained, bursts of 2.
  const apiKeys = JSON.stringify(
    (JSON.parse(env) as Array<{ name: string }>).map((record) =>
      record.name === 'limited' ? { ...record, rateLimit: { perSecond: 1, burst: 2 } } : record,
    ),
  );
  const run = randomUUID().slice(0, 8);
  const policyNamespaces: string[] = [];
  let redis: ThrowawayRedis;
  let service: CacheServiceInstance;

  /** A namespace of this file's own, so nothing another test or run wrote can be seen. */
  function namespace(label: string): string {
    return `e2e-${run}-${label}`;
  }

  function entryPath(key: string, ns: string): string {
    return `/api/v2/cache/entries/${encodeURIComponent(key)}?namespace=${encodeURIComponent(ns)}`;
  }

  function put(key: string, ns: string, body: Record<string, unknown>, key_ = keys.writer.raw) {
    return service.http.request('PUT', `/api/v2/cache/entries/${encodeURIComponent(key)}`, {
      key: key_,
      body: { namespace: ns, ...body },
    });
  }

  function get(key: string, ns: string, headers: Record<string, string> = {}) {
    return service.http.get(entryPath(key, ns), keys.reader.raw, headers);
  }

  function post(path: string, body: unknown, key = keys.admin.raw) {
    return service.http.request('POST', `/api/v2/cache${path}`, { key, body });
  }

  async function setPolicy(policy: Record<string, unknown>) {
    policyNamespaces.push(policy.namespace as string);
    return post('/policies', policy);
  }

  async function expectProblem(response: Response, status: number): Promise<Problem> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as Problem;
    expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
    expect(problem.detail).toEqual(expect.any(String));
    return problem;
  }

  function fields(problem: Problem): string[] {
    return (problem.errors ?? []).map((error) => error.field);
  }

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    service = await startCacheService({
      REDIS_URL: redis.url,
      HOTPATH_API_KEYS: apiKeys,
      INSTANCE_ID: `http-e2e-${run}`,
    });
  });

  afterAll(async () => {
    if (service) await deletePolicies(service, policyNamespaces);
    await service?.close();
    await redis?.kill();
  });

  describe('entries', () => {
    const ns = namespace('entries');

    it('answers a PUT with the version, and a GET with the entry, its ETag, Cache-Control and Vary', async () => {
      const written = await put('user:1', ns, { value: { name: 'Ada', roles: ['admin'] }, ttlSeconds: 60 });
      expect(written.status).toBe(200);
      const { version } = (await written.json()) as { version: number };
      expect(version).toEqual(expect.any(Number));

      const response = await get('user:1', ns);
      expect(response.status).toBe(200);
      const body = (await response.json()) as EntryBody;
      expect(body).toEqual({
        key: 'user:1',
        namespace: ns,
        value: { name: 'Ada', roles: ['admin'] },
        version,
        tier: 'l1',
        ttlRemainingMs: expect.any(Number),
        stale: false,
      });
      // ttlSeconds 60 with the default ±10 % jitter.
      expect(body.ttlRemainingMs).toBeGreaterThan(50_000);
      expect(body.ttlRemainingMs).toBeLessThanOrEqual(66_000);
      expect(response.headers.get('etag')).toMatch(new RegExp(`^(W/)?"${version}"$`));
      expect(response.headers.get('cache-control')).toBe('private, no-cache');
      expect(response.headers.get('vary')?.toLowerCase()).toContain('accept-encoding');
    });

    it('answers If-None-Match with the current ETag by 304 without a body, and a stale one by 200', async () => {
      await put('etag', ns, { value: 'first' });
      const etag = (await get('etag', ns)).headers.get('etag') as string;

      for (const tag of [etag, `W/${etag}`, `"other", ${etag}`]) {
        const notModified = await get('etag', ns, { 'if-none-match': tag });
        expect(notModified.status).toBe(304);
        expect(notModified.headers.get('etag')).toBe(etag);
        expect(await notModified.text()).toBe('');
      }

      await put('etag', ns, { value: 'second' });
      const changed = await get('etag', ns, { 'if-none-match': etag });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect(((await changed.json()) as EntryBody).value).toBe('second');
    });

    it('answers HEAD with the GET headers and no body, and refuses it without a key', async () => {
      const { version } = (await (await put('head', ns, { value: { big: 'x'.repeat(4096) } })).json()) as {
        version: number;
      };
      const head = await service.http.request('HEAD', entryPath('head', ns), { key: keys.reader.raw });
      expect(head.status).toBe(200);
      expect(head.headers.get('etag')).toMatch(new RegExp(`^(W/)?"${version}"$`));
      expect(head.headers.get('content-type')).toContain('application/json');
      expect(await head.text()).toBe('');

      const anonymous = await service.http.request('HEAD', entryPath('head', ns));
      expect(anonymous.status).toBe(401);
      const missing = await service.http.request('HEAD', entryPath('no-such-key', ns), {
        key: keys.reader.raw,
      });
      expect(missing.status).toBe(404);
    });

    it("takes Cache-Control's max-age from the namespace policy's httpMaxAgeSeconds", async () => {
      const cached = namespace('max-age');
      expect((await setPolicy({ namespace: cached, httpMaxAgeSeconds: 120 })).status).toBe(200);
      await put('k', cached, { value: 1 });

      const response = await get('k', cached);

      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toMatch(/(^|[ ,])max-age=120([ ,]|$)/);
    });

    it('answers a miss with 404 problem+json', async () => {
      const problem = await expectProblem(await get('never-written', ns), 404);
      expect(problem.detail).toContain('never-written');
    });

    it('deletes an entry: 204, then 404', async () => {
      await put('doomed', ns, { value: true });
      expect((await get('doomed', ns)).status).toBe(200);

      const deleted = await service.http.request('DELETE', entryPath('doomed', ns), { key: keys.writer.raw });
      expect(deleted.status).toBe(204);
      expect(await deleted.text()).toBe('');

      await expectProblem(await get('doomed', ns), 404);
    });

    it.each([
      ['spaces', 'a key with spaces'],
      ['slashes', 'tenant/42/user/7'],
      ['unicode', 'ключ-鍵-🔑-é'],
      ['reserved characters', 'a?b#c&d=e%f+g'],
      ['512 bytes of two-byte characters', 'é'.repeat(256)],
    ])('round-trips a key with %s', async (_case, key) => {
      const written = await put(key, ns, { value: { key } });
      expect(written.status).toBe(200);

      const response = await get(key, ns);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ key, value: { key } });
    });

    it.each([
      ['513 bytes', 'k'.repeat(513), 'bytes'],
      ['513 bytes of UTF-8', `${'é'.repeat(256)}k`, 'bytes'],
      ['a control character', 'line\nbreak', 'control'],
      ['NUL', 'nul\u0000', 'control'],
      ['DEL', 'del\u007f', 'control'],
    ])('refuses a key of %s with 400 naming params.key', async (_case, key, words) => {
      for (const response of [
        await get(key, ns),
        await put(key, ns, { value: 1 }),
        await service.http.request('DELETE', entryPath(key, ns), { key: keys.writer.raw }),
      ]) {
        const problem = await expectProblem(response, 400);
        expect(problem.errors).toEqual([{ field: 'params.key', message: expect.stringContaining(words) }]);
      }
    });

    it.each(['Upper', '-leading-dash', 'has space', 'x'.repeat(65), ''])(
      'refuses the namespace %p with 400 naming query.namespace',
      async (bad) => {
        const problem = await expectProblem(
          await service.http.get(
            `/api/v2/cache/entries/k?namespace=${encodeURIComponent(bad)}`,
            keys.reader.raw,
          ),
          400,
        );
        expect(fields(problem)).toEqual(['query.namespace']);
      },
    );

    it('refuses a bad namespace in a PUT body with 400 naming body.namespace', async () => {
      const problem = await expectProblem(await put('k', 'Not_Valid', { value: 1 }), 400);
      expect(fields(problem)).toEqual(['body.namespace']);
    });

    it('stores a value just under 1 MiB of JSON', async () => {
      // Not exactly 1 MiB: @hotpath/cache measures the limit in msgpack bytes of the whole envelope,
      // a few dozen bytes more than the JSON of a string (reported to the libs/cache owners).
      const value = 'x'.repeat(MiB - 1024);
      expect((await put('one-mib', ns, { value })).status).toBe(200);
      const response = await get('one-mib', ns);
      expect(response.status).toBe(200);
      expect(((await response.json()) as EntryBody).value).toBe(value);
    });

    it('refuses a value of 1 MiB + 1 byte of JSON with 413 saying its size and the limit', async () => {
      const value = 'x'.repeat(MiB - 1); // + 2 quotes = 1 MiB + 1

      const problem = await expectProblem(await put('too-big', ns, { value }), 413);

      expect(problem.detail).toContain(String(MiB + 1));
      expect(problem.detail).toContain(String(MiB));
      await expectProblem(await get('too-big', ns), 404);
    });

    it('refuses a body without a value with 400 naming body.value', async () => {
      const problem = await expectProblem(await put('k', ns, { ttlSeconds: 10 }), 400);
      expect(fields(problem)).toContain('body.value');
    });

    it('refuses an unknown body field with 400 naming it', async () => {
      const problem = await expectProblem(await put('k', ns, { value: 1, colour: 'red' }), 400);
      expect(JSON.stringify(problem.errors)).toContain('colour');
      await expectProblem(await get('k', ns), 404);
    });

    it.each([
      ['ttlSeconds 0', { value: 1, ttlSeconds: 0 }, 'body.ttlSeconds'],
      ['ttlSeconds not a number', { value: 1, ttlSeconds: '10' }, 'body.ttlSeconds'],
      ['tags not strings', { value: 1, tags: [1] }, 'body.tags.0'],
    ])('refuses %s with 400 naming the field', async (_case, body, field) => {
      const problem = await expectProblem(await put('k', ns, body), 400);
      expect(fields(problem)).toContain(field);
    });

    it('refuses malformed JSON with 400 problem+json', async () => {
      const response = await fetch(`${service.baseUrl}/api/v2/cache/entries/k`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${keys.writer.raw}`, 'content-type': 'application/json' },
        body: '{"value": 1,',
      });
      await expectProblem(response, 400);
    });
  });

  describe('batch-get', () => {
    const ns = namespace('batch');

    it('folds duplicate keys and answers hits and misses', async () => {
      await put('a', ns, { value: 'A' });
      await put('b', ns, { value: 'B' });

      const response = await post(
        '/entries/batch-get',
        { namespace: ns, keys: ['a', 'x', 'a', 'b', 'x', 'y'] },
        keys.reader.raw,
      );

      expect(response.status).toBe(200);
      const body = (await response.json()) as { hits: Record<string, EntryBody>; misses: string[] };
      expect(Object.keys(body.hits).sort()).toEqual(['a', 'b']);
      expect(body.hits.a).toMatchObject({ key: 'a', namespace: ns, value: 'A', stale: false });
      expect(body.hits.b).toMatchObject({ key: 'b', namespace: ns, value: 'B', stale: false });
      expect([...body.misses].sort()).toEqual(['x', 'y']);
    });

    it.each([
      ['1001 keys', Array.from({ length: 1001 }, (_, i) => `k${i}`)],
      ['no keys', []],
    ])('refuses %s with 400 naming body.keys', async (_case, batch) => {
      const problem = await expectProblem(
        await post('/entries/batch-get', { namespace: ns, keys: batch }, keys.reader.raw),
        400,
      );
      expect(fields(problem)).toEqual(['body.keys']);
    });

    it('accepts 1000 keys', async () => {
      const batch = Array.from({ length: 1000 }, (_, i) => `k${i}`);
      const response = await post('/entries/batch-get', { namespace: ns, keys: batch }, keys.reader.raw);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { misses: string[] }).misses).toHaveLength(1000);
    });

    it('refuses a bad key in the batch with 400 naming its index', async () => {
      const problem = await expectProblem(
        await post('/entries/batch-get', { namespace: ns, keys: ['ok', 'k'.repeat(513)] }, keys.reader.raw),
        400,
      );
      expect(fields(problem)).toEqual(['body.keys.1']);
    });
  });

  describe('compression', () => {
    const ns = namespace('compress');

    it('sends a GET of a value above 1 KiB br-encoded, and /statistics counts the bytes saved', async () => {
      const value = { items: Array.from({ length: 200 }, (_, i) => ({ id: i, label: `item number ${i}` })) };
      await put('large', ns, { value });
      const before = await statistics('');

      const response = await rawGet(service.baseUrl, entryPath('large', ns), {
        authorization: `Bearer ${keys.reader.raw}`,
        'accept-encoding': 'br',
      });

      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBe('br');
      expect(String(response.headers.vary).toLowerCase()).toContain('accept-encoding');
      const decoded = JSON.parse(brotliDecompressSync(response.body).toString('utf8')) as EntryBody;
      expect(decoded).toMatchObject({ key: 'large', namespace: ns, value });
      expect(response.body.length).toBeLessThan(JSON.stringify(decoded).length);

      const after = await statistics('');
      expect(after.compression.savedBytes).toBeGreaterThan(before.compression.savedBytes);
      expect(after.compression.savedBytes).toBeGreaterThan(0);
    });

    it('sends a small value as it is', async () => {
      await put('small', ns, { value: 'tiny' });
      const response = await rawGet(service.baseUrl, entryPath('small', ns), {
        authorization: `Bearer ${keys.reader.raw}`,
        'accept-encoding': 'br, gzip',
      });
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(response.body.toString('utf8'))).toMatchObject({ value: 'tiny' });
    });
  });

  interface TierStats {
    hits: number;
    misses: number;
    hitRatio: number;
    sets: number;
  }
  interface Statistics {
    instances: string[];
    namespace: string | null;
    tiers: Partial<Record<'l1' | 'l2', TierStats>>;
    compression: { savedBytes: number };
    series: Array<{ ts: string }>;
  }

  async function statistics(query: string): Promise<Statistics> {
    const response = await service.http.get(`/api/v2/cache/statistics${query}`, keys.reader.raw);
    expect(response.status).toBe(200);
    return (await response.json()) as Statistics;
  }

  describe('status', () => {
    it('reports the instance id, L2 up and a healthy bus', async () => {
      const response = await service.http.get('/api/v2/cache/status', keys.reader.raw);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        service: 'cache-service',
        instanceId: service.instanceId,
        uptimeSeconds: expect.any(Number),
        tiers: { l1: { status: 'up' }, l2: { status: 'up', breaker: 'closed' } },
        bus: { healthy: true },
      });
    });
  });

  describe('clear', () => {
    async function seed(ns: string): Promise<void> {
      for (const [key, tags] of [
        ['user:1', ['red']],
        ['user:2', ['blue']],
        ['order:1', ['red']],
        ['order:2', []],
      ] as const) {
        expect((await put(key, ns, { value: key, tags })).status).toBe(200);
      }
    }

    async function present(ns: string): Promise<string[]> {
      const found: string[] = [];
      for (const key of ['user:1', 'user:2', 'order:1', 'order:2'])
        if ((await get(key, ns)).status === 200) found.push(key);
      return found;
    }

    it('removes the keys matching a pattern', async () => {
      const ns = namespace('clear-pattern');
      await seed(ns);
      const response = await post('/clear', { namespace: ns, pattern: 'user:*' });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ removed: 2 });
      expect(await present(ns)).toEqual(['order:1', 'order:2']);
    });

    it('removes the keys carrying a tag', async () => {
      const ns = namespace('clear-tags');
      await seed(ns);
      const response = await post('/clear', { namespace: ns, tags: ['red'] });
      expect(await response.json()).toEqual({ removed: 2 });
      expect(await present(ns)).toEqual(['user:2', 'order:2']);
    });

    it('removes the whole namespace and nothing in another one', async () => {
      const ns = namespace('clear-all');
      const other = namespace('clear-other');
      await seed(ns);
      await seed(other);
      const response = await post('/clear', { namespace: ns });
      expect(await response.json()).toEqual({ removed: 4 });
      expect(await present(ns)).toEqual([]);
      expect(await present(other)).toEqual(['user:1', 'user:2', 'order:1', 'order:2']);
    });

    it('refuses a cache:read-only key with 403 and removes nothing', async () => {
      const ns = namespace('clear-forbidden');
      await seed(ns);
      await expectProblem(await post('/clear', { namespace: ns }, keys.reader.raw), 403);
      await expectProblem(await post('/clear', { namespace: ns }, keys.writer.raw), 403);
      expect(await present(ns)).toHaveLength(4);
    });

    it.each([
      ['an unknown field', { namespace: namespace('x'), everything: true }],
      ['a bad pattern', { namespace: namespace('x'), pattern: '[abc' }],
      ['empty tags', { namespace: namespace('x'), tags: [] }],
    ])('refuses %s with 400', async (_case, body) => {
      await expectProblem(await post('/clear', body), 400);
    });
  });

  describe('statistics', () => {
    it('counts the hits and misses of a namespace per tier, with its hit ratio', async () => {
      const ns = namespace('stats');
      await put('hot', ns, { value: 1 });
      for (let i = 0; i < 3; i++) expect((await get('hot', ns)).status).toBe(200);
      expect((await get('cold', ns)).status).toBe(404);

      const body = await statistics(`?namespace=${ns}`);

      expect(body.namespace).toBe(ns);
      expect(body.instances).toEqual([service.instanceId]);
      expect(body.tiers.l1).toMatchObject({ hits: 3, misses: 1, hitRatio: 0.75, sets: 1 });
      expect(body.tiers.l2).toMatchObject({ hits: 0, misses: 1, hitRatio: 0, sets: 1 });
    });

    it('answers one tier when asked, and a series of range / granularity points', async () => {
      const ns = namespace('stats-tier');
      await put('k', ns, { value: 1 });
      await get('k', ns);

      const body = await statistics(`?namespace=${ns}&tier=l1&range=10m&granularity=1m`);

      expect(Object.keys(body.tiers)).toEqual(['l1']);
      expect(body.tiers.l1).toMatchObject({ hits: 1, misses: 0, hitRatio: 1 });
      expect(body.series.length).toBeGreaterThanOrEqual(10);
      expect(body.series.length).toBeLessThanOrEqual(11);
    });

    it('answers 0 for a namespace nobody used', async () => {
      const body = await statistics(`?namespace=${namespace('stats-unused')}`);
      expect(body.tiers.l1).toMatchObject({ hits: 0, misses: 0, hitRatio: 0 });
    });

    it.each([
      ['range=abc', 'query.range'],
      ['range=2h', 'query.range'],
      ['range=1s', 'query.range'],
      ['granularity=1s', 'query.granularity'],
      ['range=1h&granularity=1s', 'query.granularity'],
      ['tier=l3', 'query.tier'],
      ['namespace=Bad!', 'query.namespace'],
    ])('refuses %s with 400 naming %s', async (query, field) => {
      const problem = await expectProblem(
        await service.http.get(`/api/v2/cache/statistics?${query}`, keys.reader.raw),
        400,
      );
      expect(fields(problem)).toContain(field);
    });
  });

  describe('keys', () => {
    const ns = namespace('keys');
    const pageKeys = Array.from({ length: 25 }, (_, i) => `page:${String(i).padStart(2, '0')}`);

    beforeAll(async () => {
      for (const key of [...pageKeys, 'other:1', 'other:2'])
        expect((await put(key, ns, { value: key })).status).toBe(200);
    });

    function keysPath(pattern: string, query: string): string {
      return `/api/v2/cache/keys/${encodeURIComponent(pattern)}?namespace=${ns}${query}`;
    }

    it('pages through the keys matching a glob, each once, ending with nextCursor null', async () => {
      const seen: string[] = [];
      let cursor: string | null | undefined;
      let pages = 0;
      do {
        const response = await service.http.get(
          keysPath('page:*', `&limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
          keys.reader.raw,
        );
        expect(response.status).toBe(200);
        const page = (await response.json()) as { keys: string[]; nextCursor: string | null };
        expect(page.keys.length).toBeLessThanOrEqual(10);
        seen.push(...page.keys);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 50);

      expect(cursor).toBeNull();
      expect(pages).toBeGreaterThanOrEqual(3);
      expect([...seen].sort()).toEqual(pageKeys);
    });

    it.each([
      ['?', 'page:0?', 10],
      ['[...]', 'page:[01]5', 2],
      ['[^...]', 'other:[^1]', 1],
    ])('matches %s like Redis does', async (_case, pattern, count) => {
      const response = await service.http.get(keysPath(pattern, '&limit=1000'), keys.reader.raw);
      const page = (await response.json()) as { keys: string[]; nextCursor: string | null };
      expect(page.keys).toHaveLength(count);
      expect(page.nextCursor).toBeNull();
    });

    it('refuses an unbalanced glob with 400', async () => {
      const problem = await expectProblem(await service.http.get(keysPath('[abc', ''), keys.reader.raw), 400);
      expect(problem.detail).toContain("no closing ']'");
    });

    it.each([
      ['limit=1001', 'query.limit'],
      ['limit=0', 'query.limit'],
      ['limit=ten', 'query.limit'],
    ])('refuses %s with 400 naming %s', async (query, field) => {
      const problem = await expectProblem(
        await service.http.get(keysPath('*', `&${query}`), keys.reader.raw),
        400,
      );
      expect(fields(problem)).toEqual([field]);
    });

    it('refuses a cursor it did not hand out with 400', async () => {
      await expectProblem(
        await service.http.get(keysPath('*', '&cursor=not-a-cursor'), keys.reader.raw),
        400,
      );
    });
  });

  describe('policies', () => {
    it('validates a policy, naming every bad field', async () => {
      const ns = namespace('policy-bad');
      const problem = await expectProblem(
        await setPolicy({ namespace: ns, ttlSeconds: -1, strategy: 'sometimes', tiers: [], colour: 'red' }),
        400,
      );
      expect([...fields(problem)].sort()).toEqual(['colour', 'strategy', 'tiers', 'ttlSeconds']);
      const listed = (await (
        await service.http.get('/api/v2/cache/policies', keys.reader.raw)
      ).json()) as Array<{
        policy: { namespace: string };
      }>;
      expect(listed.map((stored) => stored.policy.namespace)).not.toContain(ns);
    });

    it('stores versions 1, 2… and lists the latest', async () => {
      const ns = namespace('policy');
      const first = await setPolicy({ namespace: ns, ttlSeconds: 30 });
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({
        version: 1,
        updatedBy: 'admin',
        policy: { namespace: ns, ttlSeconds: 30 },
      });
      const second = await setPolicy({ namespace: ns, ttlSeconds: 90, strategy: 'refresh-ahead' });
      expect(await second.json()).toMatchObject({
        version: 2,
        policy: { ttlSeconds: 90, strategy: 'refresh-ahead' },
      });

      const response = await service.http.get('/api/v2/cache/policies', keys.reader.raw);
      expect(response.status).toBe(200);
      const listed = (await response.json()) as Array<{ version: number; policy: { namespace: string } }>;
      expect(listed.filter((stored) => stored.policy.namespace === ns)).toEqual([
        expect.objectContaining({ version: 2, policy: expect.objectContaining({ ttlSeconds: 90 }) }),
      ]);
    });

    it('applies a new policy to the entries written after it', async () => {
      const ns = namespace('policy-ttl');
      await setPolicy({ namespace: ns, ttlSeconds: 5, ttlJitterRatio: 0 });
      await put('k', ns, { value: 1 });
      const body = (await (await get('k', ns)).json()) as EntryBody;
      expect(body.ttlRemainingMs).toBeGreaterThan(3_000);
      expect(body.ttlRemainingMs).toBeLessThanOrEqual(5_000);
    });

    it('refuses a write that expects another version with 409', async () => {
      const ns = namespace('policy-cas');
      await setPolicy({ namespace: ns });
      policyNamespaces.push(ns);
      const response = await service.http.request('POST', '/api/v2/cache/policies?expectedVersion=5', {
        key: keys.admin.raw,
        body: { namespace: ns, ttlSeconds: 10 },
      });
      const problem = await expectProblem(response, 409);
      expect(problem.detail).toContain('version 1');
    });

    it('refuses a POST from a key without cache:admin with 403 and stores nothing', async () => {
      const ns = namespace('policy-forbidden');
      policyNamespaces.push(ns);
      await expectProblem(await post('/policies', { namespace: ns }, keys.writer.raw), 403);
      const listed = (await (
        await service.http.get('/api/v2/cache/policies', keys.reader.raw)
      ).json()) as Array<{
        policy: { namespace: string };
      }>;
      expect(listed.map((stored) => stored.policy.namespace)).not.toContain(ns);
    });
  });

  describe('authentication, scopes and rate limits', () => {
    const ns = namespace('auth');

    it.each([
      ['GET', '/api/v2/cache/entries/k'],
      ['PUT', '/api/v2/cache/entries/k'],
      ['DELETE', '/api/v2/cache/entries/k'],
      ['POST', '/api/v2/cache/entries/batch-get'],
      ['GET', '/api/v2/cache/status'],
      ['POST', '/api/v2/cache/clear'],
      ['GET', '/api/v2/cache/statistics'],
      ['GET', '/api/v2/cache/keys/*'],
      ['GET', '/api/v2/cache/policies'],
      ['POST', '/api/v2/cache/policies'],
    ])('answers %s %s without a key with 401', async (method, path) => {
      const response = await service.http.request(
        method,
        path,
        method === 'GET' || method === 'DELETE' ? {} : { body: {} },
      );
      await expectProblem(response, 401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
    });

    it('answers a key nobody issued with 401', async () => {
      await expectProblem(await service.http.get('/api/v2/cache/status', `reader-${randomUUID()}`), 401);
    });

    it('refuses a write with a cache:read key (403) and leaves the entry as it was', async () => {
      await put('guarded', ns, { value: 'original' });
      const problem = await expectProblem(
        await put('guarded', ns, { value: 'changed' }, keys.reader.raw),
        403,
      );
      expect(problem.detail).toContain('cache:write');
      await expectProblem(
        await service.http.request('DELETE', entryPath('guarded', ns), { key: keys.reader.raw }),
        403,
      );
      expect(await (await get('guarded', ns)).json()).toMatchObject({ value: 'original' });
    });

    it('refuses an admin route with a cache:write key (403)', async () => {
      const problem = await expectProblem(await post('/clear', { namespace: ns }, keys.writer.raw), 403);
      expect(problem.detail).toContain('cache:admin');
    });

    it('answers the third call of a key limited to bursts of 2 with 429 and Retry-After', async () => {
      const statuses: number[] = [];
      let limited: Response | undefined;
      for (let i = 0; i < 3; i++) {
        const response = await service.http.get('/api/v2/cache/status', keys.limited.raw);
        statuses.push(response.status);
        if (response.status === 429) limited = response;
        else await response.body?.cancel();
      }

      expect(statuses).toEqual([200, 200, 429]);
      const retryAfter = Number(limited?.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(2);
      await expectProblem(limited as Response, 429);
      // Other keys are not held back by it.
      expect((await service.http.get('/api/v2/cache/status', keys.reader.raw)).status).toBe(200);
    });
  });
});
