import type { Upstream } from './upstream';

/**
 * Chooses one of the available upstreams for a request. `candidates` is never empty and keeps
 * the configured order; `key` is the request's sticky key when it has one; `now` is the
 * balancer's clock (ms).
 */
export interface BalancingStrategy {
  readonly name: string;
  pick(candidates: readonly Upstream[], key: string | undefined, now: number): Upstream;
}
