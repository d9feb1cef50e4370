import { wrapMethod } from './wrap-method';

export interface CacheEvictOptions<A extends unknown[]> {
  namespace: string;
  key?: (...args: A) => string;
  pattern?: (...args: A) => string;
  tags?: (...args: A) => string[];
  /** Clear the whole namespace. */
  allEntries?: boolean;
}

/** After the method succeeds, evicts what it changed, in every tier and on every instance. */
export function CacheEvict<A extends unknown[]>(options: CacheEvictOptions<A>): MethodDecorator {
  return (target, _property, descriptor) =>
    wrapMethod(target, descriptor, async (cache, original, self, args) => {
      const result = await original.apply(self, args);
      const typed = args as A;
      if (options.allEntries) await cache.clear(options.namespace);
      if (options.key) await cache.delete(options.namespace, options.key(...typed));
      if (options.pattern) await cache.deleteByPattern(options.namespace, options.pattern(...typed));
      if (options.tags) await cache.deleteByTags(options.namespace, options.tags(...typed));
      return result;
    }) as never;
}
