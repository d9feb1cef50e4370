import { Injectable } from '@nestjs/common';
import { TieredCache } from '@hotpath/cache';
import { type ApiPrincipal, assertNamespaceAllowed } from '@hotpath/platform';

export interface Invalidation {
  namespace: string;
  keys?: string[];
  pattern?: string;
  tags?: string[];
}

/**
 * Fleet-wide removal, for `POST /clear` and `cache.invalidate` alike: given keys, the keys matching
 * a glob and/or carrying a tag, or the whole namespace when only the namespace is named. Removed
 * from L2 and, through the invalidation bus, from every instance's L1.
 */
@Injectable()
export class CacheInvalidationService {
  constructor(private readonly cache: TieredCache) {}

  async invalidate(
    principal: ApiPrincipal | undefined,
    { namespace, keys, pattern, tags }: Invalidation,
    requestId?: string,
  ): Promise<{ removed: number }> {
    assertNamespaceAllowed(principal, namespace);
    let removed = 0;
    for (const key of keys ?? []) removed += (await this.cache.delete(namespace, key, { requestId })) ? 1 : 0;
    if (pattern) removed += await this.cache.deleteByPattern(namespace, pattern);
    if (tags) removed += await this.cache.deleteByTags(namespace, tags);
    if (!keys && !pattern && !tags) removed = await this.cache.clear(namespace);
    return { removed };
  }
}
