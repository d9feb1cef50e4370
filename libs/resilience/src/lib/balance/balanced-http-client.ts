import { checkOption } from '../errors/check-option';
import { ResilienceError } from '../errors/resilience.error';
import { TimeoutPolicy } from '../timeout/timeout-policy';
import type { BalancedHttpClientOptions } from './balanced-http-client-options';
import type { BalancedRequestInit } from './balanced-request-init';
import type { LoadBalancer } from './load-balancer';
import type { Upstream } from './upstream';

const serverError = (response: Response): boolean => response.status >= 500;

/**
 * `fetch` over a set of upstreams: picks one with the balancer, sends the request with a timeout
 * (the fetch is aborted when it expires), and reports the outcome and latency back (time to the
 * response head). A failure status is returned to the caller like any response once the attempts
 * are spent; a network error or timeout is thrown.
 */
export class BalancedHttpClient {
  private readonly balancer: LoadBalancer;
  private readonly timeout: TimeoutPolicy;
  private readonly attempts: number;
  private readonly isFailure: (response: Response) => boolean;
  private readonly fetch: typeof fetch;

  constructor(options: BalancedHttpClientOptions) {
    this.balancer = options.balancer;
    this.timeout = new TimeoutPolicy({ ms: options.timeoutMs ?? 5_000, name: 'upstream request' });
    this.attempts = checkOption('http.attempts', options.attempts ?? 1, 1, options.balancer.upstreams.length, true);
    this.isFailure = options.isFailure ?? serverError;
    this.fetch = options.fetch ?? fetch;
  }

  /** Sends `path` (with its query) to an upstream: `request('/v1/users/7', { key: '7' })`. */
  async request(path: string, init: BalancedRequestInit = {}): Promise<Response> {
    const { key, ...requestInit } = init;
    const tried = new Set<Upstream>();
    for (let attempt = 1; ; attempt++) {
      const upstream = this.balancer.pick(key, tried);
      tried.add(upstream);
      const started = performance.now();
      let response: Response;
      try {
        response = await this.timeout.execute(
          (context) => this.fetch(`${upstream.url}${path}`, { ...requestInit, signal: context.signal }),
          { signal: init.signal ?? undefined },
        );
      } catch (error) {
        this.balancer.release(upstream, false, performance.now() - started);
        if (attempt >= this.attempts || init.signal?.aborted) throw error;
        continue;
      }
      const failed = this.isFailure(response);
      this.balancer.release(upstream, !failed, performance.now() - started);
      if (!failed || attempt >= this.attempts) return response;
      await response.body?.cancel();
    }
  }

  /** Like {@link request}, but a failure status throws `UPSTREAM_FAILED`. */
  async requestOk(path: string, init: BalancedRequestInit = {}): Promise<Response> {
    const response = await this.request(path, init);
    if (this.isFailure(response)) {
      await response.body?.cancel();
      throw new ResilienceError('UPSTREAM_FAILED', `${path} answered ${response.status} on every upstream tried`);
    }
    return response;
  }
}
