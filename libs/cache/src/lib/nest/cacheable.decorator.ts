import type { CacheHit } from '../tiered/cache-hit';
import { wrapMethod } from './wrap-method';

export interface CacheableOptions<A extends unknown[]> {
  namespace: string;
  /** The cache key from the method's arguments. */
  key: (...args: A) => string;
  ttlSeconds?: number;
  tags?: (...args: A) => string[];
}

/**
 * Read-through caching of a method's result (HTTP handlers, @MessagePattern handlers and plain
 * providers alike): the method runs only on a miss, once per key across the fleet (getOrLoad).
 */
export function Cacheable<A extends unknown[]>(options: CacheableOptions<A>): MethodDecorator {
  return (target, _property, descriptor) =>
    wrapMethod(target, descriptor, async (cache, original, self, args) => {
      const typed = args as A;
      const hit: CacheHit = await cache.getOrLoad(
        options.namespace,
        options.key(...typed),
        async () => await original.apply(self, args),
        { ttlSeconds: options.ttlSeconds, tags: options.tags?.(...typed) },
      );
      return hit.value;
    }) as never;
}
