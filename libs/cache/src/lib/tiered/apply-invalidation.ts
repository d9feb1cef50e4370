import type { InvalidationMessage } from '../bus/invalidation-message';
import type { CacheHit } from './cache-hit';
import { globToRegExp } from '../policy/glob-to-regexp';
import type { L1Store } from '../store/l1-store';

/** Applies another instance's invalidation to this instance's L1 store of that namespace. */
export function applyInvalidation(l1: L1Store<CacheHit>, message: InvalidationMessage): void {
  switch (message.kind) {
    case 'keys':
      for (const key of message.keys) l1.delete(key);
      return;
    case 'pattern': {
      const regexp = globToRegExp(message.pattern);
      dropWhere(l1, (key) => regexp.test(key));
      return;
    }
    case 'tags': {
      const tags = new Set(message.tags);
      dropWhere(l1, (_key, envelope) => envelope.tags.some((tag) => tags.has(tag)));
      return;
    }
    case 'namespace':
      l1.clear();
  }
}

/** Removes the resident entries that match: O(n) over this one store, for the rare bulk invalidations. */
export function dropWhere(
  l1: L1Store<CacheHit>,
  match: (key: string, envelope: CacheHit) => boolean,
): number {
  const doomed = [...l1.residents()].filter(([key, envelope]) => match(key, envelope)).map(([key]) => key);
  for (const key of doomed) l1.delete(key);
  return doomed.length;
}
