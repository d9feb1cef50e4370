import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxyFactory, type ClientProxy, Transport } from '@nestjs/microservices';
import { CachePatterns, type RpcErrorReply } from '@hotpath/contracts';
import { AppError, redisConnectionOptions, SERVICE_CONFIG, type ServiceConfig } from '@hotpath/platform';
import { firstValueFrom, timeout } from 'rxjs';

const CALL_TIMEOUT_MS = 2_000;

/** Calls the cache-service over the NestJS Redis transport. */
@Injectable()
export class CacheServiceClient implements OnApplicationShutdown {
  private readonly client: ClientProxy;

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    this.client = ClientProxyFactory.create({
      transport: Transport.REDIS,
      options: {
        ...redisConnectionOptions(config.redis.queueUrl),
        retryAttempts: Number.MAX_SAFE_INTEGER,
        retryDelay: 1000,
      },
    });
  }

  /** The answering instance's status and statistics (`cache.stats`). */
  stats(): Promise<Record<string, unknown>> {
    return this.call(CachePatterns.Stats, {});
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  private async call<T>(pattern: string, payload: unknown): Promise<T> {
    try {
      return await firstValueFrom(this.client.send<T>(pattern, payload).pipe(timeout(CALL_TIMEOUT_MS)));
    } catch (error) {
      throw toAppError(pattern, error);
    }
  }
}

function toAppError(pattern: string, error: unknown): AppError {
  if (isRpcErrorReply(error)) return new AppError('Unavailable', error.code, `${pattern}: ${error.message}`);
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new AppError(
      'Timeout',
      'CACHE_SERVICE_TIMEOUT',
      `${pattern} got no answer within ${CALL_TIMEOUT_MS} ms`,
    );
  }
  return new AppError('Unavailable', 'CACHE_SERVICE_UNAVAILABLE', `${pattern} failed`, { cause: error });
}

function isRpcErrorReply(error: unknown): error is RpcErrorReply {
  return typeof error === 'object' && error !== null && (error as RpcErrorReply).status === 'error';
}
