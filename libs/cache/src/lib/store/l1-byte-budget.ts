import { CacheError } from '../errors/cache.error';

/** What a budget needs of a store that shares it (an {@link L1Store}). */
export interface BudgetedStore {
  /** Sum of the resident entries' sizes. */
  readonly bytes: number;
  /** Evicts one entry by the store's own policy (an expired one first); false when it holds none. */
  shed(): boolean;
}

/**
 * One byte budget shared by many L1 stores (the tiered cache's, one per namespace), on top of each
 * store's own bounds. Stores report every change of their size (`charge`, O(1)); after a write,
 * `settle` evicts while the sum is over the budget, always from the store holding the most bytes,
 * which is over its fair share (`maxBytes / stores`) whenever the sum is over. It sheds that store's
 * own victims (W-TinyLFU's or LRU's, expired entries first) until the sum fits or another store
 * becomes the largest: a namespace that only reads keeps its entries while a larger one writes.
 */
export class L1ByteBudget {
  private readonly members = new Set<BudgetedStore>();
  private used = 0;
  private settling = false;

  constructor(readonly maxBytes: number) {
    if (!(maxBytes > 0))
      throw new CacheError('INVALID_OPTIONS', `maxBytes must be positive, got ${maxBytes}`);
  }

  /** Bytes resident in the member stores. */
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
    this.used += store.bytes;
  }

  leave(store: BudgetedStore): void {
    if (this.members.delete(store)) this.used -= store.bytes;
  }

  /** A member's size changed by `delta` bytes (negative when entries left). */
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
        while (this.used > this.maxBytes && largest.bytes >= runnerUp && (shed = largest.shed())) evicted++;
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
      if (largest === undefined || store.bytes > largest.bytes) {
        runnerUp = largest?.bytes ?? 0;
        largest = store;
      } else if (store.bytes > runnerUp) runnerUp = store.bytes;
    }
    return { largest: largest !== undefined && largest.bytes > 0 ? largest : undefined, runnerUp };
  }
}
