import type { L1Lookup } from './l1-lookup';

/**
 * What a read hit needs of each resident entry, by entry id, in compact arrays: its two times side
 * by side in one Float64Array, and its value. A hit maps the key to an id (the store's
 * Map holds small integers, as lru-cache's does) and reads these, instead of dereferencing a
 * per-entry object whose number fields V8 keeps as separately boxed doubles: with 10k entries those
 * scattered reads, not the instructions, were most of what a hit cost. Grows by doubling.
 */
export class HitTable<V> {
  /** `staleUntil` (the deadline) at `2 × id`, `expiresAt` at `2 × id + 1`. */
  times: Float64Array = new Float64Array(0);
  /** The value of `id`: what `getFresh` returns. */
  readonly values: Array<V | undefined> = [];
  /**
   * What `get` returns for a fresh hit on `id`, made by the first such hit after a write and kept:
   * a later hit allocates nothing, and a store read only through `getFresh` (the tiered cache's)
   * makes none.
   */
  private readonly fresh: Array<L1Lookup<V> | undefined> = [];

  put(id: number, value: V, expiresAt: number, deadline: number): void {
    if (2 * id + 1 >= this.times.length) {
      const bigger = new Float64Array(2 * Math.max(64, 2 ** Math.ceil(Math.log2(id + 1))));
      bigger.set(this.times);
      this.times = bigger;
    }
    this.times[2 * id] = deadline;
    this.times[2 * id + 1] = expiresAt;
    this.values[id] = value;
    this.fresh[id] = undefined;
  }

  /** The frozen `{ value, stale: false }` of `id`. */
  freshOf(id: number): L1Lookup<V> {
    return this.fresh[id] ?? this.freshen(id);
  }

  /** Drops the lookup of an id that left (the times are overwritten when the id is reused). */
  forget(id: number): void {
    this.fresh[id] = undefined;
    this.values[id] = undefined;
  }

  clear(): void {
    this.fresh.length = 0;
    this.values.length = 0;
  }

  private freshen(id: number): L1Lookup<V> {
    const lookup = Object.freeze({ value: this.values[id] as V, stale: false });
    this.fresh[id] = lookup;
    return lookup;
  }
}
