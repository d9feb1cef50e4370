import type { ConnectRetryOptions } from './connect-retry-options';
import type { ManagedPoolOptions } from './managed-pool-options';
import type { PoolLogger } from './pool-logger';

/** {@link ManagedPoolOptions} with every default filled in and every value checked. */
export type ResolvedPoolOptions = Required<Omit<ManagedPoolOptions, 'connectRetry' | 'logger'>> & {
  connectRetry: Required<ConnectRetryOptions>;
  logger: PoolLogger;
};
