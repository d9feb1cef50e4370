import { CacheError } from '../errors/cache.error';

/** What a budget needs of a store that shares it (an L1Store's L1Usage). */
export interface BudgetedStore {
  /** What the store's entries count for in the budget (an L1Store's `footprint`). */
  readonly footprint: number;
  /** Evicts one entry by the store's own policy (an expired one first); false when it holds none. */
  shed(): boolean;
}

/**
 * One memory budget shared by many L1 stores (the tiered cache's, one per namespace), on top of
 * each store's own bounds. A store counts for its `footprint`: its values' sizes plus each key and
 * a fixed per-entry overhead, an estimate of the heap it takes (docs/cache.md compares it with the
 * heap measured). Stores report every change (`charge`, O(1)); after a write, `settle` evicts while
 * the sum is over the budget, always from the largest store, which is over its fair share
 * (`maxBytes / stores`) whenever the sum is over. It sheds that store's own victims (W-TinyLFU's or
 * LRU's, expired entries first) until the sum fits or another store becomes the largest: a
 * namespace that only reads keeps its entries while a larger one writes.
 */
export class L1ByteBudget {
  private readonly members = new Set<BudgetedStore>();
  private used = 0;
  private settling = false;

  constructor(readonly maxBytes: number) {
    if (!(maxBytes > 0))
      throw new CacheError('INVALID_OPTIONS', `maxBytes must be positive, got ${maxBytes}`);
  }

  /** The member stores' footprints together. */
  get bytes(): number {
    return this.used;
  }

  /** How many stores share the budget. */
  get stores(): number {
    return this.members.size;
  }

  join(store: BudgetedStore): void {
    if (this.members.has(store)) return;
    this.members.add(store);
    this.used += store.footprint;
  }

  leave(store: BudgetedStore): void {
    if (this.members.delete(store)) this.used -= store.footprint;
  }

  /** A member's footprint changed by `delta` bytes (negative when entries left). */
  charge(delta: number): void {
    this.used += delta;
  }

  /** Evicts from the largest member stores until the sum fits; returns how many entries left. */
  settle(): number {
    // A store sheds inside `settle`; its evictions charge the budget but must not settle again.
    if (this.used <= this.maxBytes || this.settling) return 0;
    this.settling = true;
    let evicted = 0;
    try {
      while (this.used > this.maxBytes) {
        const { largest, runnerUp } = this.largestTwo();
        if (largest === undefined) break;
        let shed = false;
        // One scan per run of evictions, not per entry: shed from the largest while it stays so.
        while (this.used > this.maxBytes && largest.footprint >= runnerUp && (shed = largest.shed()))
          evicted++;
        if (!shed) break;
      }
    } finally {
      this.settling = false;
    }
    return evicted;
  }

  private largestTwo(): { largest: BudgetedStore | undefined; runnerUp: number } {
    let largest: BudgetedStore | undefined;
    let runnerUp = 0;
    for (const store of this.members) {
      if (largest === undefined || store.footprint > largest.footprint) {
        runnerUp = largest?.footprint ?? 0;
        largest = store;
      } else if (store.footprint > runnerUp) runnerUp = store.footprint;
    }
    return { largest: largest !== undefined && largest.footprint > 0 ? largest : undefined, runnerUp };
  }
}
