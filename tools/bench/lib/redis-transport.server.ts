// The anchor of the transport benchmark: the cache-service's `cache.get` as it was served before
// libs/transport, over Nest's own Redis transport (`Transport.REDIS`, pub/sub: every replica gets
// every request and answers it), in a process of its own. Bench-only: nothing else may use
// Transport.REDIS. Configured like a cache-service replica (REDIS_URL, HOTPATH_API_KEYS,
// INSTANCE_ID, RATE_LIMIT_*); prints "ready <instance id>" once subscribed.
//
// The per-request work is the cache-service handler's: the caller's API key checked by the same
// HttpAuthenticator (digest compare, scope, leased fleet-wide rate limit) from a global guard, the
// payload validated with `keyInNamespaceSchema`, the namespace grant checked, a TieredCache read
// (L1, L2 on the same Redis, coherence bus), the same response shape, the same error filter. The
// platform's ApiKeyGuard cannot be used: it refuses a transport whose context carries no key, and
// Nest's Redis transport has no place for one but the payload (`{ apiKey, namespace, key }`).
import {
  type CanActivate,
  Controller,
  type DynamicModule,
  type ExecutionContext,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_GUARD, NestFactory, Reflector } from '@nestjs/core';
import { MessagePattern, type MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import {
  CacheStatistics,
  InvalidationBus,
  L2_BREAKER_DEFAULTS,
  RedisL2Tier,
  StaticPolicySource,
  TieredCache,
} from '@hotpath/cache';
import {
  CachePatterns,
  type CacheEntryResponse,
  keyInNamespaceSchema,
  type Scope,
  Scopes,
} from '@hotpath/contracts';
import {
  type ApiPrincipal,
  assertNamespaceAllowed,
  AUTH_OPTIONS,
  type AuthOptions,
  createRedisClient,
  HttpAuthenticator,
  loadServiceConfig,
  parseInput,
  PUBLIC_ROUTE,
  redisConnectionOptions,
  REQUIRED_SCOPES,
  RequireScopes,
  type ServiceConfig,
  TransportErrorFilter,
  UnauthenticatedError,
} from '@hotpath/platform';
import type { Redis } from 'ioredis';

interface KeyedPayload {
  apiKey?: string;
  [field: string]: unknown;
}

/** The principal each payload's key stands for, from the guard to the handler. */
const principals = new WeakMap<object, ApiPrincipal>();
const QUEUE = Symbol('queue redis');
const CACHE = Symbol('cache redis');

/** ApiKeyGuard's RPC branch, with the key read from the payload instead of the transport context. */
@Injectable()
class PayloadKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: HttpAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES, targets);
    const payload: unknown = context.switchToRpc().getData();
    if (typeof payload !== 'object' || payload === null) throw new UnauthenticatedError('Send an API key.');
    const admission = await this.authenticator.admitKey((payload as KeyedPayload).apiKey, required);
    principals.set(payload, admission.principal);
    return true;
  }
}

@Controller()
class BenchCacheHandlers {
  constructor(private readonly cache: TieredCache) {}

  @RequireScopes(Scopes.CacheRead)
  @MessagePattern(CachePatterns.Get)
  async get(@Payload() payload: KeyedPayload): Promise<CacheEntryResponse | null> {
    const { apiKey: _apiKey, ...request } = payload;
    const { namespace, key } = parseInput(keyInNamespaceSchema, request);
    assertNamespaceAllowed(principals.get(payload), namespace);
    const hit = await this.cache.get(namespace, key);
    if (!hit) return null;
    return {
      key,
      namespace,
      value: hit.value,
      version: hit.version,
      tier: hit.tier,
      ttlRemainingMs: Math.max(0, hit.expiresAt - Date.now()),
      stale: hit.stale,
    };
  }
}

/** The connections and the bus, closed when the app shuts down. */
@Injectable()
class Connections implements OnApplicationShutdown {
  constructor(
    @Inject(QUEUE) private readonly queue: Redis,
    @Inject(CACHE) private readonly cache: Redis,
    private readonly bus: InvalidationBus,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.bus.stop();
    for (const redis of [this.queue, this.cache]) await redis.quit().catch(() => redis.disconnect());
  }
}

/** The cache-service's engine and auth as CacheEngineModule and PlatformModule build them, minus the parts a read never touches. */
@Module({})
class RedisTransportBenchModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: RedisTransportBenchModule,
      controllers: [BenchCacheHandlers],
      providers: [
        {
          provide: QUEUE,
          useFactory: () =>
            createRedisClient({ url: config.redis.queueUrl, connectionName: 'bench-anchor:queue' }),
        },
        {
          provide: CACHE,
          useFactory: () =>
            createRedisClient({ url: config.redis.url, connectionName: 'bench-anchor:cache' }),
        },
        {
          provide: AUTH_OPTIONS,
          inject: [QUEUE],
          useFactory: (queue: Redis): AuthOptions => ({
            ...config.auth,
            rateLimit: { redis: queue, defaults: config.rateLimit },
          }),
        },
        HttpAuthenticator,
        { provide: APP_GUARD, useClass: PayloadKeyGuard },
        {
          provide: InvalidationBus,
          inject: [QUEUE],
          useFactory: async (queue: Redis) => {
            const bus = new InvalidationBus({
              publisher: queue,
              createSubscriber: () =>
                queue.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null }),
              instanceId: config.instanceId,
            });
            await bus.start();
            return bus;
          },
        },
        {
          provide: TieredCache,
          inject: [CACHE, InvalidationBus],
          useFactory: (cache: Redis, bus: InvalidationBus) =>
            new TieredCache({
              instanceId: config.instanceId,
              policies: new StaticPolicySource(),
              l2: new RedisL2Tier({ redis: cache, breaker: L2_BREAKER_DEFAULTS }),
              bus,
              statistics: new CacheStatistics(),
            }),
        },
        Connections,
      ],
    };
  }
}

async function main(): Promise<void> {
  const config = loadServiceConfig(
    { serviceName: 'cache-service', portVariable: 'CACHE_SERVICE_PORT', defaultPort: 3001 },
    process.env,
  );
  const { host, port } = redisConnectionOptions(config.redis.url);
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(
    RedisTransportBenchModule.forRoot(config),
    { transport: Transport.REDIS, options: { host, port }, logger: ['warn', 'error'] },
  );
  app.useGlobalFilters(new TransportErrorFilter());
  app.enableShutdownHooks();
  await app.listen();
  process.stdout.write(`ready ${config.instanceId}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
