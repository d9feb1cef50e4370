import type { L1Hit } from './l1-hit';
import type { L1Lookup } from './l1-lookup';

/** Float64s per id in `stamps`: the deadline (`staleUntil`), `expiresAt`, `createdAt`, `version`. */
const STRIDE = 4;
const EXPIRES_AT = 1;
const CREATED_AT = 2;
const VERSION = 3;

/**
 * What a read needs of each resident entry, by entry id, in compact arrays: its four numbers side
 * by side in one Float64Array (32 bytes), its value and its tags. A read maps the key to an id
 * (the store's Map holds small integers, as lru-cache's does) and reads these, never a per-entry
 * object: with 10k entries, an object stored at write time and read back on every hit lies far
 * from the others in the old generation, and reading it cost more than the rest of the hit. A
 * {@link hitOf} is built anew instead, in the young generation, where the caller's reads of it are
 * cheap. Grows by doubling.
 */
export class HitTable<V> {
  stamps: Float64Array = new Float64Array(0);
  readonly values: Array<V | undefined> = [];
  readonly tags: Array<readonly string[] | undefined> = [];
  /**
   * What `get` returns for a fresh hit on `id`, made by the first such hit after a write and kept:
   * a later hit allocates nothing, and a store read only through `hit` makes none.
   */
  private readonly fresh: Array<L1Lookup<V> | undefined> = [];

  put(
    id: number,
    value: V,
    expiresAt: number,
    deadline: number,
    createdAt: number,
    version: number,
    tags: readonly string[],
  ): void {
    const at = STRIDE * id;
    if (at + STRIDE > this.stamps.length) {
      const bigger = new Float64Array(STRIDE * Math.max(64, 2 ** Math.ceil(Math.log2(id + 1))));
      bigger.set(this.stamps);
      this.stamps = bigger;
    }
    const { stamps } = this;
    stamps[at] = deadline;
    stamps[at + EXPIRES_AT] = expiresAt;
    stamps[at + CREATED_AT] = createdAt;
    stamps[at + VERSION] = version;
    this.values[id] = value;
    // Every read shares them: kept frozen, in a copy unless they are frozen already.
    this.tags[id] = Object.isFrozen(tags) ? tags : Object.freeze([...tags]);
    this.fresh[id] = undefined;
  }

  /** `id`'s `staleUntil`: never served at or after it. */
  deadlineOf(id: number): number {
    return this.stamps[STRIDE * id];
  }

  expiresAtOf(id: number): number {
    return this.stamps[STRIDE * id + EXPIRES_AT];
  }

  /** A new {@link L1Hit} of `id` (one allocation, fields in `CacheHit`'s order). */
  hitOf(id: number, stale: boolean): L1Hit<V> {
    const { stamps } = this;
    const at = STRIDE * id;
    return {
      value: this.values[id] as V,
      version: stamps[at + VERSION],
      tier: 'l1',
      stale,
      createdAt: stamps[at + CREATED_AT],
      expiresAt: stamps[at + EXPIRES_AT],
      staleUntil: stamps[at],
      tags: this.tags[id] as readonly string[],
    };
  }

  /** The frozen `{ value, stale: false }` of `id`. */
  freshOf(id: number): L1Lookup<V> {
    return this.fresh[id] ?? this.freshen(id);
  }

  /** Drops what `id` held once it left (the stamps are overwritten when the id is reused). */
  forget(id: number): void {
    this.fresh[id] = undefined;
    this.values[id] = undefined;
    this.tags[id] = undefined;
  }

  clear(): void {
    this.fresh.length = 0;
    this.values.length = 0;
    this.tags.length = 0;
  }

  private freshen(id: number): L1Lookup<V> {
    const lookup = Object.freeze({ value: this.values[id] as V, stale: false });
    this.fresh[id] = lookup;
    return lookup;
  }
}
