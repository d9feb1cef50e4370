import type { BalancingStrategy } from './balancing-strategy';
import type { Upstream } from './upstream';

/** Each available upstream in turn. */
export class RoundRobinStrategy implements BalancingStrategy {
  readonly name = 'round-robin';
  private cursor = 0;

  pick(candidates: readonly Upstream[]): Upstream {
    const upstream = candidates[this.cursor % candidates.length];
    this.cursor = (this.cursor + 1) % 0x7fffffff;
    return upstream;
  }
}
