import { CACHE_DECORATED, CACHE_INSTANCE } from './cache.constants';
import type { TieredCache } from '../tiered/tiered-cache';

type Method = (...args: unknown[]) => unknown;

/**
 * Replaces a method with `around(cache, original, args)`, keeping every metadata key Nest and other
 * decorators put on the original function (route paths, message patterns, guards...). The cache is
 * looked up on the instance at call time (CacheModule puts it there), so two apps in one process
 * keep their own caches; without one the original simply runs.
 */
export function wrapMethod(
  target: object,
  descriptor: PropertyDescriptor,
  around: (cache: TieredCache, original: Method, self: unknown, args: unknown[]) => Promise<unknown>,
): PropertyDescriptor {
  const original = descriptor.value as Method;
  const wrapped = async function (this: Record<symbol, TieredCache | undefined>, ...args: unknown[]) {
    const cache = this[CACHE_INSTANCE];
    if (!cache) return original.apply(this, args);
    return around(cache, original, this, args);
  };
  for (const key of Reflect.getMetadataKeys(original)) {
    Reflect.defineMetadata(key, Reflect.getMetadata(key, original), wrapped);
  }
  Object.defineProperty(wrapped, 'name', { value: original.name });
  Reflect.defineMetadata(CACHE_DECORATED, true, target.constructor);
  descriptor.value = wrapped;
  return descriptor;
}
