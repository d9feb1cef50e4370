import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { CachePatterns, type RpcErrorReply } from '@hotpath/contracts';
import { AppError, SERVICE_CONFIG, type ServiceConfig } from '@hotpath/platform';
import {
  type CallVerdict,
  type CircuitBreaker,
  isResilienceError,
  ResilienceRegistry,
  TimeoutPolicy,
} from '@hotpath/resilience';
import { HotpathTransportClient, isTransportError } from '@hotpath/transport';
import { firstValueFrom } from 'rxjs';

const CALL_TIMEOUT_MS = 2_000;
export const CACHE_SERVICE_BREAKER = 'cache-service-rpc';

/**
 * Calls the cache-service over the Hotpath transport (libs/transport) with this service's own key, under a timeout and the registry's
 * `cache-service-rpc` circuit breaker: while the cache-service does not answer, callers fail at
 * once (503 CACHE_SERVICE_UNAVAILABLE) instead of each waiting out the timeout. An error reply
 * (the cache-service answered, e.g. to a bad payload) is the caller's problem and does not count.
 */
@Injectable()
export class CacheServiceClient implements OnApplicationShutdown {
  private readonly client: HotpathTransportClient;
  private readonly breaker: CircuitBreaker;
  private readonly timeout = new TimeoutPolicy({ ms: CALL_TIMEOUT_MS, name: 'cache-service call' });

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig, resilience: ResilienceRegistry) {
    this.client = new HotpathTransportClient({
      redisUrl: config.redis.queueUrl,
      // Present: loadPerformanceServiceConfig refuses to start without it.
      apiKey: config.auth.serviceApiKey as string,
      service: 'cache-service',
      timeoutMs: CALL_TIMEOUT_MS,
    });
    this.breaker = resilience.breaker(CACHE_SERVICE_BREAKER, {
      slidingWindowSize: 20,
      minimumNumberOfCalls: 5,
      failureRateThreshold: 50,
      waitDurationInOpenStateMs: 5_000,
      permittedNumberOfCallsInHalfOpenState: 2,
      classifyError: (error): CallVerdict => (isRpcErrorReply(error) ? 'success' : 'failure'),
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
      return await this.breaker.execute(() =>
        this.timeout.execute(() => firstValueFrom(this.client.send<T>(pattern, payload))),
      );
    } catch (error) {
      throw toAppError(pattern, error);
    }
  }
}

function toAppError(pattern: string, error: unknown): AppError {
  if (isRpcErrorReply(error)) return new AppError('Unavailable', error.code, `${pattern}: ${error.message}`);
  if (isResilienceError(error, 'TIMEOUT') || isTransportError(error, 'TRANSPORT_TIMEOUT')) {
    return new AppError(
      'Timeout',
      'CACHE_SERVICE_TIMEOUT',
      `${pattern} got no answer within ${CALL_TIMEOUT_MS} ms`,
    );
  }
  if (isResilienceError(error, 'BREAKER_OPEN')) {
    return new AppError(
      'Unavailable',
      'CACHE_SERVICE_UNAVAILABLE',
      `${pattern} not attempted: the cache-service has been failing, its circuit breaker is open`,
    );
  }
  return new AppError('Unavailable', 'CACHE_SERVICE_UNAVAILABLE', `${pattern} failed`, { cause: error });
}

function isRpcErrorReply(error: unknown): error is RpcErrorReply {
  return typeof error === 'object' && error !== null && (error as RpcErrorReply).status === 'error';
}
