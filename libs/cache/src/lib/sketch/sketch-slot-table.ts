import type { FrequencySketch } from './frequency-sketch';

/** Int32s per id: 4 counter indices, 2 doorkeeper bits, 2 unused so that an id's slots share a cache line. */
const STRIDE = 8;

/**
 * The {@link FrequencySketch} slots of every resident entry, by entry id, in one typed array: a
 * hit counts from 32 contiguous bytes instead of hashing its key or reading a per-entry object.
 * Grows by doubling to fit the largest id seen.
 */
export class SketchSlotTable {
  private slots: Int32Array = new Int32Array(0);

  constructor(private readonly sketch: FrequencySketch) {}

  /** Locates `hash` and keeps its slots for `id`. */
  locate(id: number, hash: number): void {
    if ((id + 1) * STRIDE > this.slots.length) {
      const bigger = new Int32Array(Math.max(64, 2 ** Math.ceil(Math.log2(id + 1))) * STRIDE);
      bigger.set(this.slots);
      this.slots = bigger;
    }
    this.sketch.locate(hash, this.slots, id * STRIDE);
  }

  /** Counts one occurrence of `id`'s key; returns its estimate as {@link FrequencySketch.increment} does. */
  increment(id: number): number {
    return this.sketch.incrementAt(this.slots, id * STRIDE);
  }
}
