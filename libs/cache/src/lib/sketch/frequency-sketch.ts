import { CacheError } from '../errors/cache.error';
import { Doorkeeper } from './doorkeeper';
import { mix32 } from './mix32';

const ROWS = 4;
const COUNTERS_PER_WORD = 8; // 4-bit counters packed in a Uint32
const MAX_COUNT = 15;
const ROW_SEEDS = [0x97cb3127, 0x1b873593, 0xcc9e2d51, 0x9e3779b9];

/**
 * TinyLFU's frequency sketch: a count-min sketch of 4 rows of 4-bit counters (saturating at 15),
 * packed 8 to a Uint32, each row as wide as the next power of two above the maximum entry count.
 * A {@link Doorkeeper} takes the first sighting of each key. After `10 × maximumSize` increments
 * every counter is halved and the doorkeeper cleared (aging), so old popularity fades. `increment`
 * and `frequency` are O(1); aging is O(table) once per sample, amortized O(1).
 */
export class FrequencySketch {
  private readonly table: Int32Array;
  private readonly rowWidth: number;
  private readonly doorkeeper: Doorkeeper;
  /** Increments since the last aging; aging happens when this reaches `sampleSize`. */
  private additions = 0;
  readonly sampleSize: number;

  constructor(maximumSize: number) {
    if (!Number.isInteger(maximumSize) || maximumSize < 1) {
      throw new CacheError(
        'INVALID_OPTIONS',
        `sketch maximumSize must be a positive integer, got ${maximumSize}`,
      );
    }
    this.rowWidth = 2 ** Math.ceil(Math.log2(Math.max(COUNTERS_PER_WORD * 8, maximumSize)));
    this.table = new Int32Array((ROWS * this.rowWidth) / COUNTERS_PER_WORD);
    this.sampleSize = 10 * maximumSize;
    this.doorkeeper = new Doorkeeper(this.sampleSize);
  }

  /** Estimated number of increments of `hash` in the current sample (0–16; 16 = saturated + doorkeeper). */
  frequency(hash: number): number {
    let min = MAX_COUNT;
    for (let row = 0; row < ROWS; row++) {
      min = Math.min(min, this.counter(this.indexOf(hash, row)));
    }
    return min + (this.doorkeeper.contains(hash) ? 1 : 0);
  }

  /**
   * Counts one occurrence of `hash` (its first in this sample goes to the doorkeeper only) and
   * returns its estimated frequency afterwards — exact as `frequency()` would give it, except for a
   * first sighting, reported as 1 without reading the counters.
   */
  increment(hash: number): number {
    return this.incrementSlots(this.slotsOf(hash));
  }

  /**
   * Where `hash` lives: its counter index in each row and its two doorkeeper bits. A resident
   * entry keeps them, so a read hit increments without hashing ({@link incrementSlots}).
   */
  slotsOf(hash: number): Int32Array {
    const slots = new Int32Array(ROWS + 2);
    for (let row = 0; row < ROWS; row++) slots[row] = this.indexOf(hash, row);
    const [a, b] = this.doorkeeper.bitsOf(hash);
    slots[ROWS] = a;
    slots[ROWS + 1] = b;
    return slots;
  }

  /** `increment` for precomputed slots: the same counting and the same estimate, no hashing. */
  incrementSlots(slots: Int32Array): number {
    let estimate = 1;
    if (this.doorkeeper.putBits(slots[ROWS], slots[ROWS + 1])) {
      let min = MAX_COUNT;
      for (let row = 0; row < ROWS; row++) {
        const index = slots[row];
        const count = this.counter(index);
        if (count < MAX_COUNT) this.table[index >>> 3] += 1 << ((index & 7) << 2);
        min = Math.min(min, Math.min(count + 1, MAX_COUNT));
      }
      estimate = min + 1;
    }
    if (++this.additions >= this.sampleSize) {
      this.age();
    }
    return estimate;
  }

  /** Halves every counter and clears the doorkeeper. Public so tests and callers can force it. */
  age(): void {
    for (let i = 0; i < this.table.length; i++) {
      this.table[i] = (this.table[i] >>> 1) & 0x77777777;
    }
    this.doorkeeper.reset();
    this.additions = this.additions >>> 1;
  }

  clear(): void {
    this.table.fill(0);
    this.doorkeeper.reset();
    this.additions = 0;
  }

  private counter(index: number): number {
    return (this.table[index >>> 3] >>> ((index & 7) << 2)) & 0xf;
  }

  /** Counter index (over the whole table) of `hash` in `row`. */
  private indexOf(hash: number, row: number): number {
    const h = mix32(hash ^ ROW_SEEDS[row]);
    return row * this.rowWidth + (h & (this.rowWidth - 1));
  }
}
