import type { Cluster, Redis } from 'ioredis';

/** A fleet-wide limit's configuration. */
export interface RedisGcraLimiterOptions {
  /** A standalone or Cluster client (ioredis). */
  client: Redis | Cluster;
  /** The limit's name, also its keys' hash tag (`[a-z0-9._:-]`, e.g. `partner-api`). */
  name: string;
  /** Sustained rate per second, across every instance. */
  perSecond: number;
  /** Calls that may come at once after a quiet period (default `perSecond`). */
  burst?: number;
  /** Key prefix (default `hotpath:rl:`); tests use a unique one each. */
  prefix?: string;
  /** When Redis cannot be reached: allow the call (`true`) or throw the client's error (default). */
  failOpen?: boolean;
}
