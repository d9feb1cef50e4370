import { createHash, randomUUID } from 'node:crypto';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  BaseRpcContext,
  type CustomTransportStrategy,
  Ctx,
  MessagePattern,
  Payload,
  Server,
} from '@nestjs/microservices';
import { Redis } from 'ioredis';
import { lastValueFrom } from 'rxjs';
import { RpcErrorFilter } from '../errors/rpc-error.filter';
import type { ApiPrincipal } from './api-principal';
import { assertNamespaceAllowed } from './assert-namespace-allowed';
import { AuthModule } from './auth.module';
import { CurrentPrincipal, principalOf } from './principal-of';
import { Public } from './public.decorator';
import { RequireScopes } from './require-scopes.decorator';
import type { RpcCallerContext } from './rpc-caller-context';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const sha = (raw: string) => createHash('sha256').update(raw).digest('hex');
const READER_KEY = `reader-${randomUUID()}`;
const AUTH_KEY = `auth-${randomUUID()}`;
const LIMITED_KEY = `limited-${randomUUID()}`;

/** The context a transport that carries API keys gives its handlers (as HotpathTransportServer's does). */
class CallerContext extends BaseRpcContext<[string | undefined]> implements RpcCallerContext {
  private principal?: ApiPrincipal;

  constructor(apiKey: string | undefined) {
    super([apiKey]);
  }

  getApiKey(): string | undefined {
    return this.args[0];
  }

  setPrincipal(principal: ApiPrincipal): void {
    this.principal = principal;
  }

  getPrincipal(): ApiPrincipal | undefined {
    return this.principal;
  }
}

/** A stock transport's context: no key to read. */
class KeylessContext extends BaseRpcContext<[string]> {
  constructor() {
    super(['cache.get']);
  }
}

/** Runs Nest's own handler pipeline (guards, pipes, filters, param decorators) in process. */
class InProcessTransport extends Server implements CustomTransportStrategy {
  listen(callback: () => void): void {
    callback();
  }

  /** Nothing to close or listen to: calls come in through {@link call}. */
  close(): void {
    return undefined;
  }

  on(): void {
    return undefined;
  }

  unwrap<T>(): T {
    return undefined as T;
  }

  /** The handler's answer, or the error reply the RPC filter made of what it threw. */
  async call(pattern: string, data: unknown, context: BaseRpcContext): Promise<unknown> {
    const handler = this.getHandlerByPattern(pattern);
    if (!handler) throw new Error(`no handler for ${pattern}`);
    try {
      return await lastValueFrom(this.transformToObservable(await handler(data, context)));
    } catch (reply) {
      return reply;
    }
  }
}

/** The handlers that ran: one the guard refused never does. */
const ran: string[] = [];

@Controller()
class ProbeHandlers {
  @RequireScopes('cache:read')
  @MessagePattern('cache.get')
  get(@Ctx() context: RpcCallerContext) {
    ran.push('cache.get');
    return { caller: principalOf(context).name };
  }

  @RequireScopes('cache:write')
  @MessagePattern('cache.set')
  set(@Payload() data: { namespace: string }, @CurrentPrincipal() principal: ApiPrincipal) {
    ran.push('cache.set');
    assertNamespaceAllowed(principal, data.namespace);
    return { caller: principal.name, namespace: data.namespace };
  }

  @Public()
  @MessagePattern('open')
  open() {
    ran.push('open');
    return { ok: true };
  }

  @MessagePattern('forgotten')
  forgotten() {
    ran.push('forgotten');
    return { ok: true };
  }
}

describe('ApiKeyGuard on Redis-transport handlers', () => {
  const prefix = `test:rpc-guard:${randomUUID()}:`;
  let redis: Redis;
  let app: INestMicroservice;
  let transport: InProcessTransport;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    @Module({
      imports: [
        AuthModule.forRoot({
          apiKeys: [
            { name: 'reader', sha256: sha(READER_KEY), scopes: ['cache:read'] },
            {
              name: 'auth-svc',
              sha256: sha(AUTH_KEY),
              scopes: ['cache:read', 'cache:write'],
              namespaces: ['auth', 'authz-*'],
            },
            {
              name: 'limited',
              sha256: sha(LIMITED_KEY),
              scopes: ['cache:read'],
              rateLimit: { perSecond: 0.1, burst: 2 },
            },
          ],
          rateLimit: { redis, defaults: { perSecond: 1000, burst: 1000 }, keyPrefix: prefix },
        }),
      ],
      controllers: [ProbeHandlers],
    })
    class ProbeModule {}

    transport = new InProcessTransport();
    app = await NestFactory.createMicroservice(ProbeModule, { strategy: transport, logger: false });
    app.useGlobalFilters(new RpcErrorFilter());
    await app.listen();
  });

  afterAll(async () => {
    await app.close();
    await redis.unlink(...['reader', 'auth-svc', 'limited'].map((name) => `${prefix}${name}`));
    redis.disconnect();
  });

  const refusal = (code: string) => ({ status: 'error', code, message: expect.any(String) });

  it.each([
    [
      'a stock transport (no key to read)',
      'cache.get',
      {},
      new KeylessContext(),
      refusal('UNAUTHENTICATED'),
      false,
    ],
    ['no key', 'cache.get', {}, new CallerContext(undefined), refusal('UNAUTHENTICATED'), false],
    ['an empty key', 'cache.get', {}, new CallerContext(''), refusal('UNAUTHENTICATED'), false],
    ['a wrong key', 'cache.get', {}, new CallerContext(`${READER_KEY}x`), refusal('UNAUTHENTICATED'), false],
    [
      'a key over 512 characters',
      'cache.get',
      {},
      new CallerContext('k'.repeat(513)),
      refusal('UNAUTHENTICATED'),
      false,
    ],
    ['a key with the scope', 'cache.get', {}, new CallerContext(READER_KEY), { caller: 'reader' }, true],
    [
      'a key without the scope',
      'cache.set',
      { namespace: 'auth' },
      new CallerContext(READER_KEY),
      refusal('FORBIDDEN'),
      false,
    ],
    [
      'a key granted the namespace',
      'cache.set',
      { namespace: 'authz-1' },
      new CallerContext(AUTH_KEY),
      { caller: 'auth-svc', namespace: 'authz-1' },
      true,
    ],
    // The handler asks, as every handler that names a namespace does, and is refused.
    [
      'a key not granted the namespace',
      'cache.set',
      { namespace: 'users' },
      new CallerContext(AUTH_KEY),
      refusal('FORBIDDEN'),
      true,
    ],
    ['a public handler, without a key', 'open', {}, new KeylessContext(), { ok: true }, true],
    [
      'a handler without scopes, with a good key',
      'forgotten',
      {},
      new CallerContext(AUTH_KEY),
      refusal('ROUTE_WITHOUT_SCOPE'),
      false,
    ],
  ])('%s (%s)', async (_case, pattern, data, context, expected, runs) => {
    ran.length = 0;
    expect(await transport.call(pattern, data, context)).toEqual(expected);
    expect(ran).toEqual(runs ? [pattern] : []);
  });

  it('hands the principal to the context, and never the key to a reply', async () => {
    const context = new CallerContext(AUTH_KEY);
    await transport.call('cache.get', {}, context);
    expect(context.getPrincipal()).toMatchObject({ name: 'auth-svc' });
    const refused = await transport.call('cache.get', {}, new CallerContext(`${AUTH_KEY}x`));
    expect(JSON.stringify(refused)).not.toContain(AUTH_KEY);
  });

  it("limits a key's rate over the transport as over HTTP", async () => {
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(await transport.call('cache.get', {}, new CallerContext(LIMITED_KEY)));
    expect(answers).toEqual([{ caller: 'limited' }, { caller: 'limited' }, refusal('RATE_LIMITED')]);
  });
});
