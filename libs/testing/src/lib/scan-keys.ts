import type { Redis } from 'ioredis';

/** The keys of one Redis node matching `pattern`, by SCAN, never KEYS (test inspection and clean-up). */
export async function scanKeys(node: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

/** UNLINKs every key of one node matching `pattern`; resolves to how many there were. */
export async function unlinkMatching(node: Redis, pattern: string): Promise<number> {
  const keys = await scanKeys(node, pattern);
  return keys.length > 0 ? node.unlink(...keys) : 0;
}
