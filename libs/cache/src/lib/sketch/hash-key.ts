import { hash32 } from '@hotpath/resilience';

/**
 * 32-bit hash of a cache key: resilience's `hash32` (FNV-1a over the UTF-16 code units, finished
 * with MurmurHash3's `fmix32` avalanche so that keys differing in one character spread over all
 * bits), the same hash the consistent-hash balancer places keys with.
 */
export const hashKey: (key: string) => number = hash32;
