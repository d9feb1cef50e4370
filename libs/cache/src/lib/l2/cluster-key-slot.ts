import { crc16 } from './crc16';

const SLOTS = 16384;

/**
 * The Redis Cluster slot of `key` (CLUSTER KEYSLOT): CRC16 modulo 16384, hashing only the part
 * between the first `{` and the first `}` after it when that part is non-empty. Searching the JS
 * string for the braces is equivalent to searching the bytes, because UTF-8 never uses 0x7B or
 * 0x7D inside a multi-byte sequence.
 */
export function clusterKeySlot(key: string): number {
  const open = key.indexOf('{');
  if (open !== -1) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key.slice(open + 1, close)) % SLOTS;
  }
  return crc16(key) % SLOTS;
}
