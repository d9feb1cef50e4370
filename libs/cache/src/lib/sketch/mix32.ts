/**
 * MurmurHash3 `fmix32`: a bijective 32-bit mix with full avalanche. The result is a signed int32
 * (`| 0`, not `>>> 0`): V8 keeps int32 values unboxed, while an unsigned result of 2^31 or more is
 * a double, which cost ~20 ns per call on the sketch's hot path (measured).
 */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
