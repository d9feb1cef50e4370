import { mix32 } from './mix32';

/**
 * 32-bit hash of a cache key: FNV-1a over the UTF-16 code units, finished with MurmurHash3's
 * `fmix32` avalanche so that keys differing in one character spread over all bits.
 */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return mix32(hash);
}
