import type { BudgetedStore, L1ByteBudget } from './l1-byte-budget';
import { L1_ENTRY_OVERHEAD_BYTES } from './l1-entry';

/**
 * What an L1Store holds: its values' bytes (the sizes its callers give, which its own `maxBytes`
 * bounds) and its footprint, the heap its entries take as estimated from those bytes, each key and
 * {@link L1_ENTRY_OVERHEAD_BYTES} per entry. It stands for the store in a shared budget, which
 * counts footprints, until `leave`.
 */
export class L1Usage implements BudgetedStore {
  bytes = 0;
  footprint = 0;

  constructor(
    private budget: L1ByteBudget | undefined,
    /** Evicts one entry of the store (see L1Store.shed). */
    readonly shed: () => boolean,
  ) {
    budget?.join(this);
  }

  /** The values' bytes change by `size` and the entries by `entries`, of keys of `keyLength`. */
  change(size: number, entries = 0, keyLength = 0): void {
    const footprint = size + entries * (keyLength + L1_ENTRY_OVERHEAD_BYTES);
    this.bytes += size;
    this.footprint += footprint;
    this.budget?.charge(footprint);
  }

  /** The store was emptied. */
  clear(): void {
    this.budget?.charge(-this.footprint);
    this.bytes = this.footprint = 0;
  }

  /** Lets the budget evict, from whichever store is largest, until it holds again. */
  settle(): void {
    this.budget?.settle();
  }

  /** Takes the store out of its budget for good (its later writes count for nothing there). */
  leave(): void {
    this.budget?.leave(this);
    this.budget = undefined;
  }
}
