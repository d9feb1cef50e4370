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
  /** Slots of `increment(hash)`, which locates them on the fly. */
  private readonly scratch = new Int32Array(ROWS + 2);
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
    this.locate(hash, this.scratch, 0);
    return this.incrementAt(this.scratch, 0);
  }

  /**
   * Writes where `hash` lives to `slots[offset..offset+5]`: its counter index in each row, then its
   * two doorkeeper bits. A resident entry keeps them, so a read hit counts without hashing.
   */
  locate(hash: number, slots: Int32Array, offset: number): void {
    for (let row = 0; row < ROWS; row++) slots[offset + row] = this.indexOf(hash, row);
    const [a, b] = this.doorkeeper.bitsOf(hash);
    slots[offset + ROWS] = a;
    slots[offset + ROWS + 1] = b;
  }

  /** `increment` for slots written by `locate`: the same counting and the same estimate, no hashing. */
  incrementAt(slots: Int32Array, offset: number): number {
    let estimate = 1;
    if (this.doorkeeper.putBits(slots[offset + ROWS], slots[offset + ROWS + 1])) {
      const a = this.bump(slots[offset]);
      const b = this.bump(slots[offset + 1]);
      const c = this.bump(slots[offset + 2]);
      const d = this.bump(slots[offset + 3]);
      estimate = 1 + Math.min(a, b, c, d);
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

  /** Adds one to the counter at `index` unless it is saturated; returns its value afterwards. */
  private bump(index: number): number {
    const word = index >>> 3;
    const shift = (index & 7) << 2;
    const count = (this.table[word] >>> shift) & 0xf;
    if (count === MAX_COUNT) return MAX_COUNT;
    this.table[word] += 1 << shift;
    return count + 1;
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
