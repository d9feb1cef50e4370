import type { L1Lookup } from './l1-lookup';

/**
 * What a read hit needs of each resident entry, by entry id, in compact arrays: its two times side
 * by side in one Float64Array and its frozen fresh lookup. A hit maps the key to an id (the store's
 * Map holds small integers, as lru-cache's does) and reads these, instead of dereferencing a
 * per-entry object whose number fields V8 keeps as separately boxed doubles: with 10k entries those
 * scattered reads, not the instructions, were most of what a hit cost. Grows by doubling.
 */
export class HitTable<V> {
  /** `staleUntil` (the deadline) at `2 × id`, `expiresAt` at `2 × id + 1`. */
  times: Float64Array = new Float64Array(0);
  /** What a fresh hit on `id` returns, made once per write: a hit allocates nothing. */
  readonly fresh: Array<L1Lookup<V> | undefined> = [];
  /** The value of `id`, for reads that take it without the lookup around it (`getFresh`). */
  readonly values: Array<V | undefined> = [];

  put(id: number, value: V, expiresAt: number, deadline: number): void {
    if (2 * id + 1 >= this.times.length) {
      const bigger = new Float64Array(2 * Math.max(64, 2 ** Math.ceil(Math.log2(id + 1))));
      bigger.set(this.times);
      this.times = bigger;
    }
    this.times[2 * id] = deadline;
    this.times[2 * id + 1] = expiresAt;
    this.fresh[id] = Object.freeze({ value, stale: false });
    this.values[id] = value;
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
}
