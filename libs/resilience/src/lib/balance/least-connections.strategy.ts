import type { BalancingStrategy } from './balancing-strategy';
import type { Upstream } from './upstream';

/**
 * The upstream with the fewest requests in flight per unit of weight; ties go round robin, so
 * an idle set of upstreams is not all sent to the first one.
 */
export class LeastConnectionsStrategy implements BalancingStrategy {
  readonly name = 'least-connections';
  private offset = 0;

  pick(candidates: readonly Upstream[]): Upstream {
    const count = candidates.length;
    this.offset = (this.offset + 1) % count;
    let best = candidates[this.offset];
    for (let i = 1; i < count; i++) {
      const upstream = candidates[(this.offset + i) % count];
      if (upstream.inFlight / upstream.weight < best.inFlight / best.weight) best = upstream;
    }
    return best;
  }
}
