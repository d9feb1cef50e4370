import type { FrequencySketch } from './frequency-sketch';

/** Int32s per id: the key hash, then the sketch epoch in which that key was last counted. */
const STRIDE = 2;
/** An epoch the sketch never has: the key was not counted since the id was (re)assigned. */
const NEVER = -1;

/**
 * The key hash of every resident entry, by entry id, in one Int32Array: a hit counts in the
 * {@link FrequencySketch} without hashing its key or reading a per-entry object. Next to the hash,
 * in the same 8 bytes, it keeps the sketch {@link FrequencySketch.epoch} of the id's last count:
 * when that is the current epoch the key is known to be in the doorkeeper, so the count skips it
 * (`incrementSeen`) and a repeated hit reads one cache line of the sketch, not two. Grows by
 * doubling to fit the largest id seen.
 */
export class KeyHashTable {
  private entries: Int32Array = new Int32Array(0);

  constructor(private readonly sketch: FrequencySketch) {}

  /** Keeps `hash` as the key hash of `id` (a new key: not counted yet). */
  set(id: number, hash: number): void {
    if ((id + 1) * STRIDE > this.entries.length) {
      const bigger = new Int32Array(Math.max(64, 2 ** Math.ceil(Math.log2(id + 1))) * STRIDE);
      bigger.set(this.entries);
      this.entries = bigger;
    }
    this.entries[id * STRIDE] = hash;
    this.entries[id * STRIDE + 1] = NEVER;
  }

  /** Counts one occurrence of `id`'s key; returns its estimate as {@link FrequencySketch.increment} does. */
  increment(id: number): number {
    const { entries, sketch } = this;
    const at = id * STRIDE;
    // Read before counting: if this count ages the sketch, the stamp is already out of date.
    const epoch = sketch.epoch;
    if (entries[at + 1] === epoch) return sketch.incrementSeen(entries[at]);
    entries[at + 1] = epoch;
    return sketch.increment(entries[at]);
  }

  /**
   * `increment` for each of `ids[0..count)`, in order, writing the estimates to `estimates`. One
   * call for a whole read buffer: V8 optimizes this loop on its own, with the sketch inlined, rather
   * than within the drain's inlining budget, which the policy's reorder already spends.
   */
  incrementAll(ids: Int32Array, count: number, estimates: Int32Array): void {
    for (let i = 0; i < count; i++) estimates[i] = this.increment(ids[i]);
  }
}
