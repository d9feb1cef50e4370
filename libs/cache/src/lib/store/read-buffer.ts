import type { EvictionPolicy } from '../eviction/eviction-policy';
import type { HotKeyTracker } from '../hot-keys/hot-key-tracker';
import type { KeyHashTable } from '../sketch/key-hash-table';

/** Hits held before they are applied. */
const CAPACITY = 64;

/**
 * Caffeine's read buffer, without its loss: a hit only appends its entry id here, and the sketch
 * increments, policy reorders and hot-key records of the buffered hits are applied together, in hit
 * order, when the buffer fills or before anything else reads or changes that state (the store calls
 * `drain` first in every other operation). Every sketch increment goes first — they are independent
 * of one another, so their memory reads overlap — then every reorder; the result is exactly the
 * state that applying each hit at once gives, as the policy reads the sketch only when choosing a
 * victim, which never happens inside a drain.
 */
export class ReadBuffer {
  private readonly ids = new Int32Array(CAPACITY);
  private readonly frequencies = new Int32Array(CAPACITY);
  private count = 0;

  constructor(
    private readonly keyHashes: KeyHashTable,
    private readonly policy: EvictionPolicy,
    private readonly hotKeys: HotKeyTracker,
    /** The resident entries by id, for the key of a hit that enters the hot keys. */
    private readonly byId: ReadonlyArray<{ readonly key: string } | undefined>,
  ) {}

  /** Buffers a hit on entry `id`; applies the buffer when it is full. */
  record(id: number): void {
    this.ids[this.count] = id;
    if (++this.count === CAPACITY) this.drain();
  }

  /** Applies every buffered hit, in order, and empties the buffer. */
  drain(): void {
    const { ids, frequencies, count } = this;
    if (count === 0) return;
    this.count = 0;
    this.keyHashes.incrementAll(ids, count, frequencies);
    for (let i = 0; i < count; i++) {
      this.policy.onHit(ids[i]);
      // Only keys hotter than the coldest candidate touch the hot-key heap.
      if (frequencies[i] > this.hotKeys.floor) this.hotKeys.record(this.keyOf(ids[i]), frequencies[i]);
    }
  }

  /** Forgets the buffered hits (the store is being cleared, frequencies and order with it). */
  discard(): void {
    this.count = 0;
  }

  private keyOf(id: number): string {
    return (this.byId[id] as { key: string }).key;
  }
}
