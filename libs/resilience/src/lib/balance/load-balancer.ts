import { checkOption } from '../errors/check-option';
import { ResilienceError } from '../errors/resilience.error';
import type { BalancingStrategy } from './balancing-strategy';
import type { LoadBalancerOptions } from './load-balancer-options';
import { OutlierDetector } from './outlier-detector';
import { PeakEwmaStrategy } from './peak-ewma.strategy';
import { Upstream } from './upstream';

/**
 * Picks an upstream per request with a {@link BalancingStrategy} among the available ones
 * (healthy and not ejected), and learns from each outcome: latency feeds the peak-EWMA estimate,
 * failures feed passive outlier ejection. When none is available it "panics" (Envoy's word) and
 * balances over all of them rather than failing every request.
 *
 * Every `pick` must be followed by exactly one `release` with the outcome.
 */
export class LoadBalancer {
  readonly upstreams: readonly Upstream[];
  private readonly strategy: BalancingStrategy;
  private readonly outliers: OutlierDetector | undefined;
  private readonly clock: () => number;
  private readonly failurePenaltyMs: number;

  constructor(options: LoadBalancerOptions) {
    if (options.upstreams.length === 0) throw new ResilienceError('NO_UPSTREAM', 'a balancer needs at least one upstream');
    this.clock = options.clock ?? (() => performance.now());
    const now = this.clock();
    const decayMs = checkOption('balancer.latencyDecayMs', options.latencyDecayMs ?? 10_000, 1);
    this.failurePenaltyMs = checkOption('balancer.failurePenaltyMs', options.failurePenaltyMs ?? 500, 0);
    this.upstreams = options.upstreams.map((upstream) => new Upstream(upstream, decayMs, now));
    this.strategy = options.strategy ?? new PeakEwmaStrategy();
    this.outliers = options.outlierDetection === false ? undefined : new OutlierDetector(options.outlierDetection);
  }

  /** The strategy's name, for logs. */
  get algorithm(): string {
    return this.strategy.name;
  }

  /** The upstream for a request (`key` for sticky strategies), not one of `exclude` if avoidable. */
  pick(key?: string, exclude?: ReadonlySet<Upstream>): Upstream {
    const now = this.clock();
    let candidates: readonly Upstream[] = this.upstreams.filter((upstream) => upstream.isAvailable(now) && !exclude?.has(upstream));
    if (candidates.length === 0) candidates = this.upstreams.filter((upstream) => upstream.isAvailable(now));
    if (candidates.length === 0) candidates = this.upstreams;
    const upstream = this.strategy.pick(candidates, key, now);
    upstream.inFlight++;
    return upstream;
  }

  /** Reports how the request to `upstream` went and how long it took. */
  release(upstream: Upstream, succeeded: boolean, latencyMs: number): void {
    const now = this.clock();
    upstream.inFlight--;
    // A fast failure must not make an upstream look attractive to the latency-aware strategy.
    upstream.latency.observe(succeeded ? latencyMs : Math.max(latencyMs, this.failurePenaltyMs), now);
    if (this.outliers === undefined) return;
    if (succeeded) this.outliers.onSuccess(upstream);
    else this.outliers.onFailure(upstream, this.upstreams, now);
  }
}
