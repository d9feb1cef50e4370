import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectQueue } from '@nestjs/bullmq';
import {
  batchGetSchema,
  CachePatterns,
  CacheWarmJobs,
  type CacheEntryResponse,
  invalidateSchema,
  keyInNamespaceSchema,
  Queues,
  setEntrySchema,
  warmSchema,
} from '@hotpath/contracts';
import { TieredCache } from '@hotpath/cache';
import { parseInput } from '@hotpath/platform';
import type { Queue } from 'bullmq';
import { entryResponse } from '../entries/entry-response';
import { assertValueSize } from '../entries/value-size';
import { InstanceStatusService } from '../status/instance-status.service';

/**
 * The cache over the NestJS Redis transport. Payloads are validated like HTTP bodies; a bad payload
 * gets `{ status: 'error', code, message, errors }` (the RPC error filter), never a crash.
 */
@Controller()
export class CacheHandlers {
  constructor(
    private readonly cache: TieredCache,
    private readonly instance: InstanceStatusService,
    @InjectQueue(Queues.CacheWarm) private readonly warmQueue: Queue,
  ) {}

  @MessagePattern(CachePatterns.Get)
  async get(@Payload() payload: unknown): Promise<CacheEntryResponse | null> {
    const { namespace, key } = parseInput(keyInNamespaceSchema, payload ?? {});
    const hit = await this.cache.get(namespace, key);
    return hit ? entryResponse(namespace, key, hit) : null;
  }

  @MessagePattern(CachePatterns.Set)
  async set(@Payload() payload: unknown): Promise<{ version: number }> {
    const { namespace, key, value, ttlSeconds, tags } = parseInput(setEntrySchema, payload ?? {});
    assertValueSize(value);
    return this.cache.set(namespace, key, value, { ttlSeconds, tags });
  }

  @MessagePattern(CachePatterns.Delete)
  async delete(@Payload() payload: unknown): Promise<{ deleted: boolean }> {
    const { namespace, key } = parseInput(keyInNamespaceSchema, payload ?? {});
    return { deleted: await this.cache.delete(namespace, key) };
  }

  @MessagePattern(CachePatterns.BatchGet)
  async batchGet(@Payload() payload: unknown) {
    const { namespace, keys } = parseInput(batchGetSchema, payload ?? {});
    const found = await this.cache.mget(namespace, keys);
    const hits: Record<string, CacheEntryResponse> = {};
    for (const [key, hit] of found) hits[key] = entryResponse(namespace, key, hit);
    return { hits, misses: [...new Set(keys)].filter((key) => !found.has(key)) };
  }

  /** Invalidates keys, a glob and/or tags of a namespace (all of it when only the namespace is given). */
  @MessagePattern(CachePatterns.Invalidate)
  async invalidate(@Payload() payload: unknown): Promise<{ removed: number }> {
    const { namespace = 'default', keys, pattern, tags } = parseInput(invalidateSchema, payload ?? {});
    let removed = 0;
    for (const key of keys ?? []) removed += (await this.cache.delete(namespace, key)) ? 1 : 0;
    if (pattern) removed += await this.cache.deleteByPattern(namespace, pattern);
    if (tags) removed += await this.cache.deleteByTags(namespace, tags);
    if (!keys && !pattern && !tags) removed = await this.cache.clear(namespace);
    return { removed };
  }

  @MessagePattern(CachePatterns.Stats)
  stats() {
    return { ...this.instance.status(), statistics: this.cache.statistics.snapshot() };
  }

  /** Warming is the worker's job: this queues it (from the given keys, a source, or the hot keys). */
  @MessagePattern(CachePatterns.Warm)
  async warm(@Payload() payload: unknown): Promise<{ jobId: string; keys: number }> {
    const request = parseInput(warmSchema, payload ?? {});
    // No hot keys here (a fresh instance) must not become an explicit empty list: without keys the
    // worker falls back to the fleet's hot-key set.
    const hot = request.keys || request.source ? [] : this.cache.hotKeys(request.namespace, 1000);
    const keys = request.keys ?? (hot.length > 0 ? hot : undefined);
    const job = await this.warmQueue.add(
      CacheWarmJobs.Warm,
      { ...request, keys },
      { attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
    );
    return { jobId: String(job.id), keys: keys?.length ?? 0 };
  }
}
