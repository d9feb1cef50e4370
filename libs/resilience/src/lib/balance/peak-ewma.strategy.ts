import type { BalancingStrategy } from './balancing-strategy';
import type { Upstream } from './upstream';

/**
 * Power of two choices on peak-EWMA latency (Finagle, Linkerd): two random upstreams, the one
 * whose `latency × (in flight + 1) / weight` is lower. Reacts to a slow upstream within a few
 * requests, and the decaying estimate lets traffic find its way back once it recovers.
 */
export class PeakEwmaStrategy implements BalancingStrategy {
  readonly name = 'peak-ewma';

  constructor(private readonly random: () => number = Math.random) {}

  pick(candidates: readonly Upstream[], _key: string | undefined, now: number): Upstream {
    const count = candidates.length;
    if (count === 1) return candidates[0];
    const first = Math.floor(this.random() * count);
    let second = Math.floor(this.random() * (count - 1));
    if (second >= first) second++;
    const a = candidates[first];
    const b = candidates[second];
    return this.load(a, now) <= this.load(b, now) ? a : b;
  }

  private load(upstream: Upstream, now: number): number {
    return (upstream.latency.cost(now) * (upstream.inFlight + 1)) / upstream.weight;
  }
}
