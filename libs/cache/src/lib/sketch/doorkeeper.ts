/** Int32 words of doorkeeper per sketch block: 512 bits, one 64-byte cache line. */
const REGION_WORDS = 16;
const REGION_SHIFT = 9; // log2(REGION_WORDS × 32): the bits of a probe
const REGION_MASK = (1 << REGION_SHIFT) - 1;

/**
 * A small Bloom filter (2 probes) in front of the count-min sketch: the first sighting of a key in
 * a sample period only sets its bits here, so one-hit wonders never take a counter. Cleared when
 * the sketch ages. It is blocked like the sketch: each sketch block has a 512-bit region (one cache
 * line) and both probes of a key fall in its block's region, so a sighting touches one line here,
 * at the price of a slightly higher false-positive rate than probes anywhere (16–32 bits per entry
 * of the sketch's `maximumSize` keep it low; the hit-ratio traces did not move).
 */
export class Doorkeeper {
  private readonly bits: Int32Array;

  constructor(blocks: number) {
    this.bits = new Int32Array(blocks * REGION_WORDS);
  }

  /**
   * Whether the key may have been put since the last reset (false positives possible, no false
   * negatives). `block` is its sketch block, `hash` a well-mixed hash of it that picks the probes.
   */
  contains(block: number, hash: number): boolean {
    const probes = spread(hash);
    return this.isSet(firstBit(block, probes)) && this.isSet(secondBit(block, probes));
  }

  /** Puts the key (as `contains` names it); returns true when it was (probably) already present. */
  put(block: number, hash: number): boolean {
    const probes = spread(hash);
    const a = firstBit(block, probes);
    const b = secondBit(block, probes);
    const present = this.isSet(a) && this.isSet(b);
    this.bits[a >>> 5] |= 1 << (a & 31);
    this.bits[b >>> 5] |= 1 << (b & 31);
    return present;
  }

  reset(): void {
    this.bits.fill(0);
  }

  private isSet(bit: number): boolean {
    return (this.bits[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }
}

/**
 * The probes come from the top bits of a multiplicative remix of `hash`: the high bits of a product
 * depend on every bit of it, so they are not the bits that picked the block or the counters.
 */
function spread(hash: number): number {
  return Math.imul(hash, 0x9e3779b1);
}

function firstBit(block: number, probes: number): number {
  return (block << REGION_SHIFT) | (probes >>> (32 - REGION_SHIFT));
}

function secondBit(block: number, probes: number): number {
  return (block << REGION_SHIFT) | ((probes >>> (32 - 2 * REGION_SHIFT)) & REGION_MASK);
}
