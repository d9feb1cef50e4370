import { CacheError } from '../errors/cache.error';
import { compileKeyGlob } from '../policy/key-glob';

/**
 * A page of the keys matching a glob, from an in-memory key list (an L1-only namespace): sorted,
 * with the offset as the cursor.
 */
export function pageKeys(
  all: Iterable<string>,
  glob: string,
  cursor: string | undefined,
  limit: number,
): { keys: string[]; nextCursor: string | null } {
  const matcher = compileKeyGlob(glob);
  const offset = cursor ? Number(cursor) : 0;
  if (!Number.isInteger(offset) || offset < 0) {
    throw new CacheError('INVALID_CURSOR', 'the cursor is not one this cache returned');
  }
  const keys = [...all].filter((key) => matcher.test(key)).sort();
  return {
    keys: keys.slice(offset, offset + limit),
    nextCursor: offset + limit < keys.length ? String(offset + limit) : null,
  };
}
