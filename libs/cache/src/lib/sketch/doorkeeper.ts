import { mix32 } from './mix32';

/**
 * A small Bloom filter (2 probes) in front of the count-min sketch: the first sighting of a key in
 * a sample period only sets its bits here, so one-hit wonders never take a counter. Cleared when
 * the sketch ages.
 */
export class Doorkeeper {
  private readonly bits: Int32Array;
  private readonly mask: number;

  /** `bitCount` is rounded up to a power of two (at least 64). */
  constructor(bitCount: number) {
    const size = nextPowerOfTwo(Math.max(64, bitCount));
    this.bits = new Int32Array(size >>> 5);
    this.mask = size - 1;
  }

  /** Whether `hash` may have been put since the last reset (false positives possible, no false negatives). */
  contains(hash: number): boolean {
    const h = this.spread(hash);
    return this.isSet(this.first(h)) && this.isSet(this.second(h));
  }

  /** Puts `hash`; returns true when it was (probably) already present. */
  put(hash: number): boolean {
    const h = this.spread(hash);
    return this.putBits(this.first(h), this.second(h));
  }

  /** The two bits of `hash`, for callers that compute them once and keep them. */
  bitsOf(hash: number): [number, number] {
    const h = this.spread(hash);
    return [this.first(h), this.second(h)];
  }

  /** Sets two precomputed bits; returns true when both were already set. */
  putBits(a: number, b: number): boolean {
    const present = this.isSet(a) && this.isSet(b);
    this.bits[a >>> 5] |= 1 << (a & 31);
    this.bits[b >>> 5] |= 1 << (b & 31);
    return present;
  }

  containsBits(a: number, b: number): boolean {
    return this.isSet(a) && this.isSet(b);
  }

  reset(): void {
    this.bits.fill(0);
  }

  private isSet(bit: number): boolean {
    return (this.bits[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }

  private spread(hash: number): number {
    return mix32(hash ^ 0x5bd1e995);
  }

  private first(h: number): number {
    return h & this.mask;
  }

  private second(h: number): number {
    return ((h >>> 16) | Math.imul(h, 0x9e3779b1)) & this.mask;
  }
}

function nextPowerOfTwo(value: number): number {
  return 2 ** Math.ceil(Math.log2(value));
}
