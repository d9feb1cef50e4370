import { Injectable } from '@nestjs/common';
import type { CacheEntryResponse } from '@hotpath/contracts';
import { TieredCache } from '@hotpath/cache';
import { type ApiPrincipal, assertNamespaceAllowed } from '@hotpath/platform';
import { entryResponse } from '../entries/entry-response';
import { assertValueSize } from '../entries/value-size';

export interface WriteEntry {
  namespace: string;
  key: string;
  value: unknown;
  ttlSeconds?: number;
  tags?: string[];
}

export interface BatchGetResult {
  /** A null-prototype object: keys such as `__proto__` are keys like any other. */
  hits: Record<string, CacheEntryResponse>;
  misses: string[];
}

/**
 * The data plane as HTTP routes and transport handlers both serve it: each call checks the
 * caller's namespace grant, then reads or writes the tiered cache. Input is already validated by
 * the caller's schema (HTTP body, query or message payload). `GET /entries/:key` is the one
 * exception: it is served natively (EntryReadRoute) and makes the same grant check itself.
 */
@Injectable()
export class CacheEntriesService {
  constructor(private readonly cache: TieredCache) {}

  async get(
    principal: ApiPrincipal | undefined,
    namespace: string,
    key: string,
  ): Promise<CacheEntryResponse | null> {
    assertNamespaceAllowed(principal, namespace);
    const hit = await this.cache.get(namespace, key);
    return hit ? entryResponse(namespace, key, hit) : null;
  }

  set(
    principal: ApiPrincipal | undefined,
    entry: WriteEntry,
    requestId?: string,
  ): Promise<{ version: number }> {
    assertNamespaceAllowed(principal, entry.namespace);
    assertValueSize(entry.value);
    return this.cache.set(entry.namespace, entry.key, entry.value, {
      ttlSeconds: entry.ttlSeconds,
      tags: entry.tags,
      requestId,
    });
  }

  async delete(
    principal: ApiPrincipal | undefined,
    namespace: string,
    key: string,
    requestId?: string,
  ): Promise<{ deleted: boolean }> {
    assertNamespaceAllowed(principal, namespace);
    return { deleted: await this.cache.delete(namespace, key, { requestId }) };
  }

  /** Duplicate keys are folded; L2 misses of L1 are read in one round trip per cluster slot. */
  async batchGet(
    principal: ApiPrincipal | undefined,
    namespace: string,
    keys: string[],
  ): Promise<BatchGetResult> {
    assertNamespaceAllowed(principal, namespace);
    const found = await this.cache.mget(namespace, keys);
    const now = Date.now();
    const hits = Object.create(null) as Record<string, CacheEntryResponse>;
    for (const [key, hit] of found) hits[key] = entryResponse(namespace, key, hit, now);
    return { hits, misses: [...new Set(keys)].filter((key) => !found.has(key)) };
  }
}
