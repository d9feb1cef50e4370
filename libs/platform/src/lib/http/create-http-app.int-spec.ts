import { createHash, randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Body, Controller, Get, Logger, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { AuthModule } from '../auth/auth.module';
import { Public } from '../auth/public.decorator';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { loadServiceConfig } from '../config/load-service-config';
import { parseInput } from '../errors/parse-input';
import { LoggingModule } from '../logging/logging.module';
import { createHttpApp } from './create-http-app';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const sha = (raw: string) => createHash('sha256').update(raw).digest('hex');
const READER_KEY = `reader-${randomUUID()}`;
const LIMITED_KEY = `limited-${randomUUID()}`;
const DEV_KEY = `dev-${randomUUID()}`;

@Controller('t')
class ProbeController {
  private readonly logger = new Logger('Probe');

  @Public()
  @Get('public')
  open() {
    return { ok: true };
  }

  @RequireScopes('cache:read')
  @Get('read')
  read() {
    this.logger.log('handling read');
    return { ok: true };
  }

  @RequireScopes('cache:write')
  @Get('write')
  write() {
    return { ok: true };
  }

  @Get('forgotten')
  forgotten() {
    return { ok: true };
  }

  @RequireScopes('cache:read')
  @Post('validate')
  validate(@Body() body: unknown) {
    return parseInput(z.object({ name: z.string().min(1), count: z.number().int() }), body);
  }

  @RequireScopes('cache:read')
  @Get('boom')
  boom() {
    throw new Error('internal detail postgres://user:secret@db');
  }
}

describe('createHttpApp with auth, rate limits, errors and logs', () => {
  const logs: string[] = [];
  const prefix = `test:rl:${randomUUID()}:`;
  let redis: Redis;
  let app: NestFastifyApplication;

  const get = (url: string, key?: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'GET',
      url,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    });

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => logs.push(...chunk.toString().split('\n').filter(Boolean)));
    const config = loadServiceConfig(
      { serviceName: 'probe', portVariable: 'PROBE_PORT', defaultPort: 0 + 1 },
      {
        HOTPATH_DEV_API_KEY: DEV_KEY,
        HOTPATH_API_KEYS: JSON.stringify([
          { name: 'reader', sha256: sha(READER_KEY), scopes: ['cache:read'] },
          {
            name: 'limited',
            sha256: sha(LIMITED_KEY),
            scopes: ['cache:read'],
            rateLimit: { perSecond: 1, burst: 2 },
          },
        ]),
      },
    );

    @Module({
      imports: [
        LoggingModule.forRoot({ serviceName: 'probe', instanceId: 'probe-1', level: 'info', destination }),
        AuthModule.forRoot({
          ...config.auth,
          rateLimit: { redis, defaults: { perSecond: 1000, burst: 1000 }, keyPrefix: prefix },
        }),
      ],
      controllers: [ProbeController],
    })
    class ProbeModule {}

    app = await createHttpApp(ProbeModule, config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
    await redis.unlink(`${prefix}reader`, `${prefix}limited`, `${prefix}dev`);
    redis.disconnect();
  });

  it('lets a public route through without a key', async () => {
    expect((await get('/t/public')).statusCode).toBe(200);
  });

  it.each([
    ['no key', undefined, 401, 'UNAUTHENTICATED'],
    ['a wrong key', 'not-a-key', 401, 'UNAUTHENTICATED'],
  ])('answers %s with 401 problem+json and WWW-Authenticate', async (_case, key, status, code) => {
    const response = await get('/t/read', key);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json()).toMatchObject({ status, code, instance: '/t/read', title: 'Unauthorized' });
  });

  it('answers a key without the scope with 403 naming the scope', async () => {
    const response = await get('/t/write', READER_KEY);
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toContain('cache:write');
  });

  it('serves a key with the scope, and the dev key everywhere', async () => {
    expect((await get('/t/read', READER_KEY)).statusCode).toBe(200);
    expect((await get('/t/write', DEV_KEY)).statusCode).toBe(200);
  });

  it('closes a route that declares no scope', async () => {
    expect((await get('/t/forgotten', DEV_KEY)).statusCode).toBe(500);
  });

  it('answers invalid input with 400 and every offending field', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/t/validate',
      headers: { authorization: `Bearer ${READER_KEY}` },
      payload: { name: '', count: 1.5 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: 'name', message: expect.any(String) },
      { field: 'count', message: expect.any(String) },
    ]);
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/t/validate',
      headers: { authorization: `Bearer ${READER_KEY}`, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const response = await get('/nowhere', READER_KEY);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('hides an unexpected error behind a 500 with the request id, logged once with its stack', async () => {
    const response = await get('/t/boom', READER_KEY, { 'x-request-id': 'boom-1' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'INTERNAL', requestId: 'boom-1' });
    expect(response.body).not.toContain('secret');
    const errorLines = logs.filter((line) => line.includes('Unhandled error') && line.includes('boom-1'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain('"stack"');
  });

  it('rate-limits per key name with 429 and Retry-After', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await get('/t/read', LIMITED_KEY));
    expect(statuses.map((response) => response.statusCode)).toEqual([200, 200, 429]);
    expect(statuses[2].headers['retry-after']).toBe('1');
    expect(statuses[2].json().code).toBe('RATE_LIMITED');
    expect(statuses[0].headers.ratelimit).toBe('limit=2, remaining=1, reset=1');
    expect(statuses[2].headers.ratelimit).toMatch(/^limit=2, remaining=0, reset=[12]$/);
    // Another key is not affected.
    expect((await get('/t/read', READER_KEY)).statusCode).toBe(200);
  });

  it('echoes X-Request-Id, puts it on every log line of the request, and never logs the key', async () => {
    const response = await get('/t/read', READER_KEY, { 'x-request-id': 'req-42' });
    expect(response.headers['x-request-id']).toBe('req-42');
    const generated = await get('/t/read', READER_KEY);
    const next = await get('/t/read', READER_KEY, { 'x-request-id': 'not a token!' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
    expect(next.headers['x-request-id']).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
    expect(next.headers['x-request-id']).not.toBe(generated.headers['x-request-id']);

    const lines = logs.filter((line) => line.includes('req-42')).map((line) => JSON.parse(line));
    expect(lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['handling read', 'request completed']),
    );
    for (const line of lines) expect(line.req.id).toBe('req-42');
    expect(lines.find((line) => line.msg === 'request completed')?.res).toEqual({ statusCode: 200 });
    for (const line of logs) {
      expect(line).not.toContain(READER_KEY);
      expect(line).not.toContain(DEV_KEY);
    }
  });
});
