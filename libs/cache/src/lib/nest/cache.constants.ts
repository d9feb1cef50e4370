/** Metadata key marking classes that have @Cacheable/@CacheEvict methods. */
export const CACHE_DECORATED = Symbol.for('hotpath.cache.decorated');
/** Where CacheModule puts the app's TieredCache on each decorated instance. */
export const CACHE_INSTANCE = Symbol.for('hotpath.cache.instance');
