import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { CacheWarmJobs, Queues } from '@hotpath/contracts';
import { TieredCache } from '@hotpath/cache';
import { type ApiPrincipal, assertNamespaceAllowed } from '@hotpath/platform';
import type { Queue } from 'bullmq';

export interface WarmRequest {
  namespace: string;
  keys?: string[];
  source?: string;
}

/** How many of this instance's hot keys a warm request without keys or a source sends along. */
const HOT_KEYS = 1000;

/** Warming is the worker's job: this queues it (from the given keys, a source, or the hot keys). */
@Injectable()
export class CacheWarmService {
  constructor(
    private readonly cache: TieredCache,
    @InjectQueue(Queues.CacheWarm) private readonly queue: Queue,
  ) {}

  /**
   * @param requestId when given, the job's id: a request delivered twice (a replica died holding
   *   it) queues one job, as BullMQ keeps one job per id.
   */
  async warm(
    principal: ApiPrincipal | undefined,
    request: WarmRequest,
    requestId?: string,
  ): Promise<{ jobId: string; keys: number }> {
    assertNamespaceAllowed(principal, request.namespace);
    // No hot keys here (a fresh instance) must not become an explicit empty list: without keys the
    // worker falls back to the fleet's hot-key set.
    const hot = request.keys || request.source ? [] : this.cache.hotKeys(request.namespace, HOT_KEYS);
    const keys = request.keys ?? (hot.length > 0 ? hot : undefined);
    const job = await this.queue.add(
      CacheWarmJobs.Warm,
      { ...request, keys },
      {
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        // Bounded in a noeviction Redis; an hour keeps a redelivered request's job id known.
        removeOnComplete: { age: 3600, count: 1000 },
        removeOnFail: { age: 24 * 3600, count: 1000 },
        // BullMQ refuses ':' in custom ids.
        ...(requestId ? { jobId: `warm-${requestId.replaceAll(':', '-')}` } : {}),
      },
    );
    return { jobId: String(job.id), keys: keys?.length ?? 0 };
  }
}
