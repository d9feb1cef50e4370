import type { BalancingStrategy } from './balancing-strategy';
import type { Upstream } from './upstream';

/**
 * nginx's smooth weighted round robin: every pick adds each candidate's weight to its running
 * score and takes the highest, which then pays back the total. Weights 5:1:1 give
 * `a a b a c a a`, spread out instead of `a a a a a b c`.
 */
export class WeightedRoundRobinStrategy implements BalancingStrategy {
  readonly name = 'weighted-round-robin';
  private readonly scores = new Map<Upstream, number>();

  pick(candidates: readonly Upstream[]): Upstream {
    let total = 0;
    let best = candidates[0];
    let bestScore = -Infinity;
    for (const upstream of candidates) {
      const score = (this.scores.get(upstream) ?? 0) + upstream.weight;
      this.scores.set(upstream, score);
      total += upstream.weight;
      if (score > bestScore) {
        best = upstream;
        bestScore = score;
      }
    }
    this.scores.set(best, bestScore - total);
    return best;
  }
}
