import type { BalancingStrategy } from './balancing-strategy';
import { hash32 } from './hash32';
import type { Upstream } from './upstream';

/**
 * Sticky by key on a hash ring with virtual nodes (`virtualNodes × weight` points per upstream):
 * a key always goes to the same upstream while it is available; when one leaves, only its keys
 * move (to the next point clockwise), and they come back when it returns. Requests without a key
 * go round robin.
 */
export class ConsistentHashStrategy implements BalancingStrategy {
  readonly name = 'consistent-hash';
  private points = new Uint32Array(0);
  private owners: Upstream[] = [];
  private ringOf: readonly Upstream[] = [];
  private cursor = 0;

  constructor(private readonly virtualNodes = 160) {}

  pick(candidates: readonly Upstream[], key: string | undefined, _now?: number): Upstream {
    if (key === undefined) return candidates[this.cursor++ % candidates.length];
    this.include(candidates);
    const size = this.points.length;
    let index = this.search(hash32(key));
    for (let step = 0; step < size; step++, index = (index + 1) % size) {
      const owner = this.owners[index];
      if (candidates.includes(owner)) return owner;
    }
    return candidates[0];
  }

  /** The ring holds every upstream ever seen, so an ejected one keeps its points for its return. */
  private include(candidates: readonly Upstream[]): void {
    const missing = candidates.filter((upstream) => !this.ringOf.includes(upstream));
    if (missing.length > 0) this.build([...this.ringOf, ...missing]);
  }

  private build(upstreams: readonly Upstream[]): void {
    const entries: Array<[number, Upstream]> = [];
    for (const upstream of upstreams) {
      const count = Math.max(1, Math.round(this.virtualNodes * upstream.weight));
      for (let v = 0; v < count; v++) entries.push([hash32(`${upstream.id}#${v}`), upstream]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    this.points = Uint32Array.from(entries, (entry) => entry[0]);
    this.owners = entries.map((entry) => entry[1]);
    this.ringOf = upstreams;
  }

  /** Index of the first point ≥ `hash`, wrapping to 0. */
  private search(hash: number): number {
    let low = 0;
    let high = this.points.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.points[mid] < hash) low = mid + 1;
      else high = mid;
    }
    return low === this.points.length ? 0 : low;
  }
}
