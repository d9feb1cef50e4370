import type { EvictionPolicy } from '../eviction/eviction-policy';
import type { HotKeyTracker } from '../hot-keys/hot-key-tracker';
import type { KeyHashTable } from '../sketch/key-hash-table';

/** Hits held before they are applied. */
const CAPACITY = 64;
/** `then` on it runs a callback at the end of the current microtask (no async-hooks resource, unlike `queueMicrotask`). */
const SETTLED = Promise.resolve();

/**
 * Caffeine's read buffer. A hit only appends its entry id here; the sketch increments, policy
 * reorders and hot-key records of the buffered hits are applied together, in hit order, when the
 * buffer fills and before anything else reads or changes that state (the store calls `drain` first
 * in every other operation: miss, write, removal, `topK`). Every sketch increment goes first — they
 * are independent of one another, so their memory reads overlap — then every reorder; the result
 * is exactly the state that applying each hit at once gives, as the policy reads the sketch only
 * when choosing a victim, which never happens inside a drain.
 *
 * `lossy` (W-TinyLFU) is how Caffeine's buffer behaves: a full buffer is applied at the end of the
 * current microtask rather than at once, and hits that find it full are dropped ({@link dropped}
 * counts them). So only a synchronous run of more than {@link CAPACITY} hits, with no miss or
 * write between them, loses any: its first 64 count, the rest do not. A frequency policy tolerates
 * that, as a hot key is seen again in the next run, and callers that yield between reads (a server
 * handles one request per task) lose none. The hit ratios in `docs/benchmarks.md` are measured
 * with it. Not lossy (LRU): a full buffer is applied at once, as a recency-only policy has nothing
 * but the order of every read to go by.
 */
export class ReadBuffer {
  private readonly ids = new Int32Array(CAPACITY);
  private readonly frequencies = new Int32Array(CAPACITY);
  private count = 0;
  /** Hits not recorded because the buffer was full (lossy only). */
  dropped = 0;
  private readonly drainLater = (): void => this.drain();

  constructor(
    private readonly keyHashes: KeyHashTable,
    private readonly policy: EvictionPolicy,
    private readonly hotKeys: HotKeyTracker,
    /** The resident entries by id, for the key of a hit that enters the hot keys. */
    private readonly byId: ReadonlyArray<{ readonly key: string } | undefined>,
    private readonly lossy: boolean,
  ) {}

  /** Buffers a hit on entry `id`. */
  record(id: number): void {
    const count = this.count;
    if (count === CAPACITY) {
      this.dropped++;
      return;
    }
    this.ids[count] = id;
    this.count = count + 1;
    if (count + 1 < CAPACITY) return;
    if (this.lossy) void SETTLED.then(this.drainLater);
    else this.drain();
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
