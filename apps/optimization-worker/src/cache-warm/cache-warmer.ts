import { setTimeout as delay } from 'node:timers/promises';
import {
  type BatchLoader,
  type CachePolicy,
  type StaticPolicySource,
  type TieredCache,
  type WarmSource,
  warmSourceName,
} from '@hotpath/cache';
import { type CacheWarmJobData, type CacheWarmProgress, HOT_KEYS_WARM_SOURCE } from '@hotpath/contracts';
import type { RateLimitDecision } from '@hotpath/platform';
import { MAX_WARM_KEYS } from './warm-job';
import { WarmJobError, WarmSourceFailedError } from './warm-job.error';

/** What the warmer stands on; the module builds the real ones, tests may build their own. */
export interface CacheWarmerDeps {
  /** A tiered cache over the shared L2 and the coherence bus, whose policies come from `policies`. */
  cache: TieredCache;
  policies: StaticPolicySource;
  policyOf(namespace: string): Promise<CachePolicy>;
  /** The fleet's hot keys of a namespace, hottest first. */
  fleetHotKeys(namespace: string, limit: number): Promise<string[]>;
  loaderOf(namespace: string, source: WarmSource): BatchLoader<unknown>;
  /** Takes one call of budget from the fleet-wide limit of this namespace's source. */
  acquire(namespace: string, source: WarmSource): Promise<RateLimitDecision>;
}

/**
 * Warms a namespace's L2 from its policy's `warmSource`: the job's keys (or the fleet's hot keys)
 * in batches of the source's `batchSize`, each through `getOrLoadMany` (keys fresh in L2 are not
 * loaded again; loaded ones are written to L2 and announced on the bus, so every instance drops an
 * older L1 copy and fills L1 from L2 on its next read), each batch after the source's rate limit
 * allows it. Counts every key once: cached, loaded, missing or failed.
 */
export class CacheWarmer {
  constructor(private readonly deps: CacheWarmerDeps) {}

  /**
   * @param report called with the counts after each batch (the job's progress).
   * @throws WarmJobError when the job cannot succeed (unknown source, no source, no L2 tier).
   * @throws WarmSourceFailedError when every key to load failed (the source is down: retry later).
   */
  async warm(
    job: CacheWarmJobData,
    report: (progress: CacheWarmProgress) => Promise<void>,
  ): Promise<CacheWarmProgress> {
    const { namespace } = job;
    const policy = await this.deps.policyOf(namespace);
    if (!policy.tiers.includes('l2')) {
      throw new WarmJobError(
        'NO_L2',
        `namespace ${namespace} keeps no L2 tier: a warm job cannot reach the instances' L1`,
      );
    }
    const source = policy.warmSource;
    if (job.source !== undefined && job.source !== HOT_KEYS_WARM_SOURCE) {
      if (!source || warmSourceName(source) !== job.source) {
        throw new WarmJobError(
          'UNKNOWN_SOURCE',
          `namespace ${namespace} has no warm source named ${job.source}` +
            (source ? ` (its warmSource is ${warmSourceName(source)})` : ''),
        );
      }
    }
    const keysFrom = job.keys ? 'job' : 'hot-keys';
    const keys = [...new Set(job.keys ?? (await this.deps.fleetHotKeys(namespace, MAX_WARM_KEYS)))];
    const progress: CacheWarmProgress = {
      namespace,
      keysFrom,
      source: source ? warmSourceName(source) : null,
      total: keys.length,
      done: 0,
      cached: 0,
      loaded: 0,
      missing: 0,
      failed: 0,
      percent: keys.length === 0 ? 100 : 0,
    };
    if (keys.length === 0) {
      await report(progress);
      return progress;
    }
    if (!source) {
      throw new WarmJobError(
        'NO_SOURCE',
        `namespace ${namespace} has no warmSource in its policy: there is nothing to load its keys from`,
      );
    }
    // The worker writes L2 only: its own L1 would be memory no reader ever uses.
    this.deps.policies.put({ ...policy, tiers: ['l2'] });
    await report(progress);
    const loader = this.deps.loaderOf(namespace, source);
    let lastError: unknown;
    for (let start = 0; start < keys.length; start += source.batchSize) {
      await this.waitForBudget(namespace, source);
      const batch = keys.slice(start, start + source.batchSize);
      const outcome = await this.warmBatch(namespace, batch, loader, source);
      lastError = outcome.error ?? lastError;
      for (const count of ['cached', 'loaded', 'missing', 'failed'] as const)
        progress[count] += outcome[count];
      progress.done += batch.length;
      progress.percent = Math.floor((100 * progress.done) / progress.total);
      await report({ ...progress });
    }
    if (progress.failed > 0 && progress.loaded === 0 && progress.missing === 0) {
      throw new WarmSourceFailedError(
        `every load from ${progress.source} failed (${progress.failed} keys, ${progress.cached} already cached): ` +
          messageOf(lastError),
        { cause: lastError },
      );
    }
    return progress;
  }

  private async warmBatch(
    namespace: string,
    batch: string[],
    load: BatchLoader<unknown>,
    source: WarmSource,
  ): Promise<{ cached: number; loaded: number; missing: number; failed: number; error?: unknown }> {
    const asked = new Set<string>();
    let answered = false;
    let error: unknown;
    const hits = await this.deps.cache.getOrLoadMany(
      namespace,
      batch,
      async (keys, context) => {
        for (const key of keys) asked.add(key);
        try {
          const values = await load(keys, context);
          answered = true;
          return values;
        } catch (failure) {
          error = failure;
          throw failure;
        }
      },
      // The source's own deadline comes first; this one only frees the batch if a source ignores it.
      { hardTimeoutMs: source.timeoutMs + 1_000 },
    );
    const counts = { cached: 0, loaded: 0, missing: 0, failed: 0, error };
    for (const key of batch) {
      const hit = hits.get(key);
      if (hit?.tier === 'loader') counts.loaded++;
      else if (!asked.has(key) && hit && !hit.stale) counts.cached++;
      else if (asked.has(key) && !answered) counts.failed++;
      else counts.missing++;
    }
    if (counts.failed > 0 && !error)
      counts.error = new Error(`warm source ${warmSourceName(source)} timed out`);
    return counts;
  }

  /** Waits until the source's fleet-wide limit allows one more call. */
  private async waitForBudget(namespace: string, source: WarmSource): Promise<void> {
    for (;;) {
      const decision = await this.deps.acquire(namespace, source);
      if (decision.allowed) return;
      await delay(Math.max(1, decision.retryAfterMs));
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
