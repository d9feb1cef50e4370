import { Logger } from '@nestjs/common';
import { PoolError } from '../errors/pool.error';
import type { ManagedPoolOptions } from './managed-pool-options';
import type { ResolvedPoolOptions } from './resolved-pool-options';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** Fills in the defaults of {@link ManagedPoolOptions} and rejects impossible values with INVALID_OPTIONS. */
export function resolvePoolOptions(options: ManagedPoolOptions): ResolvedPoolOptions {
  if (!NAME.test(options.name ?? '')) {
    throw new PoolError('INVALID_OPTIONS', `pool name "${options.name}" must match ${NAME.source}`);
  }
  const int = (field: string, value: number | undefined, fallback: number, min: number): number => {
    const resolved = value ?? fallback;
    if (!Number.isSafeInteger(resolved) || resolved < min) {
      throw new PoolError(
        'INVALID_OPTIONS',
        `pool "${options.name}": ${field} must be an integer ≥ ${min}, got ${resolved}`,
      );
    }
    return resolved;
  };
  const max = int('max', options.max, 10, 1);
  const min = int('min', options.min, 0, 0);
  if (min > max)
    throw new PoolError('INVALID_OPTIONS', `pool "${options.name}": min (${min}) is above max (${max})`);
  const maxLifetimeMs = int('maxLifetimeMs', options.maxLifetimeMs, 1_800_000, 0);
  const degradedUtilisation = options.degradedUtilisation ?? 0.8;
  if (!(degradedUtilisation > 0 && degradedUtilisation <= 1)) {
    throw new PoolError(
      'INVALID_OPTIONS',
      `pool "${options.name}": degradedUtilisation must be in (0, 1], got ${degradedUtilisation}`,
    );
  }
  const retry = options.connectRetry ?? {};
  return {
    name: options.name,
    connection: options.connection,
    max,
    min,
    acquireTimeoutMs: int('acquireTimeoutMs', options.acquireTimeoutMs, 10_000, 1),
    connectTimeoutMs: int('connectTimeoutMs', options.connectTimeoutMs, 5_000, 1),
    statementTimeoutMs: int('statementTimeoutMs', options.statementTimeoutMs, 30_000, 0),
    idleInTransactionSessionTimeoutMs: int(
      'idleInTransactionSessionTimeoutMs',
      options.idleInTransactionSessionTimeoutMs,
      60_000,
      0,
    ),
    idleTimeoutMs: int('idleTimeoutMs', options.idleTimeoutMs, 30_000, 0),
    maxLifetimeMs,
    maxLifetimeJitterMs: int(
      'maxLifetimeJitterMs',
      options.maxLifetimeJitterMs,
      Math.floor(maxLifetimeMs * 0.025),
      0,
    ),
    validationIdleMs: int('validationIdleMs', options.validationIdleMs, 5_000, 0),
    validationTimeoutMs: int('validationTimeoutMs', options.validationTimeoutMs, 2_000, 1),
    leakDetectionThresholdMs: int('leakDetectionThresholdMs', options.leakDetectionThresholdMs, 0, 0),
    leakStackEvery: int('leakStackEvery', options.leakStackEvery, 100, 1),
    leakStackWindowMs: int('leakStackWindowMs', options.leakStackWindowMs, 600_000, 0),
    housekeepingIntervalMs: int('housekeepingIntervalMs', options.housekeepingIntervalMs, 1_000, 1),
    degradedUtilisation,
    degradedWindowMs: int('degradedWindowMs', options.degradedWindowMs, 30_000, 0),
    connectRetry: {
      attempts: int('connectRetry.attempts', retry.attempts, 3, 1),
      baseDelayMs: int('connectRetry.baseDelayMs', retry.baseDelayMs, 50, 0),
      maxDelayMs: int('connectRetry.maxDelayMs', retry.maxDelayMs, 1_000, 0),
    },
    logger: options.logger ?? new Logger(`Pool:${options.name}`),
  };
}
