import type { InvalidationRequest } from '../bus/invalidation-message';
import { compileKeyGlob } from '../policy/key-glob';
import type { L1Store } from '../store/l1-store';
import type { L2Port } from './l2-port';

/**
 * Applies an invalidation to one L1 store of its namespace — this instance's own, or another
 * instance's message as the bus delivers it — and returns how many entries it dropped.
 * @throws CacheError for an invalid glob (before anything is dropped).
 */
export function applyInvalidation(l1: L1Store<unknown>, request: InvalidationRequest): number {
  switch (request.kind) {
    case 'keys':
      return request.keys.filter((key) => l1.delete(key)).length;
    case 'pattern': {
      const glob = compileKeyGlob(request.pattern);
      return dropWhere(l1, (key) => glob.test(key));
    }
    case 'tags': {
      const tags = new Set(request.tags);
      return dropWhere(l1, (_key, keyTags) => keyTags.some((tag) => tags.has(tag)));
    }
    case 'namespace': {
      const size = l1.size;
      l1.clear();
      return size;
    }
  }
}

/** The same invalidation in L2; resolves to how many entries L2 held. */
export function applyInvalidationToL2(
  l2: L2Port,
  request: InvalidationRequest,
  hashTag: boolean | undefined,
): Promise<number> {
  switch (request.kind) {
    case 'keys':
      return l2.delete(request.namespace, request.keys, { hashTag });
    case 'pattern':
      return l2.deleteByPattern(request.namespace, request.pattern);
    case 'tags':
      return l2.deleteByTags(request.namespace, request.tags);
    case 'namespace':
      return l2.clear(request.namespace);
  }
}

/** Removes the resident entries that match: O(n) over this one store, for the rare bulk invalidations. */
function dropWhere(l1: L1Store<unknown>, match: (key: string, tags: readonly string[]) => boolean): number {
  const doomed = [...l1.residents()].filter(([key, , tags]) => match(key, tags)).map(([key]) => key);
  for (const key of doomed) l1.delete(key);
  return doomed.length;
}
