import type { LoadBalancer } from './load-balancer';

/** A balanced HTTP client's configuration. */
export interface BalancedHttpClientOptions {
  balancer: LoadBalancer;
  /** Each request is abandoned (and its fetch aborted) after this long (default 5 000 ms). */
  timeoutMs?: number;
  /**
   * Upstreams tried per request (default 1). Above 1, a failed request (network error, timeout,
   * failure status) is sent again to another upstream: only for idempotent requests.
   */
  attempts?: number;
  /** Which answers count as the upstream failing (default: status ≥ 500). */
  isFailure?: (response: Response) => boolean;
  /** The fetch to use (default the global one, undici). */
  fetch?: typeof fetch;
}
