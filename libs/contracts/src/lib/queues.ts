/** BullMQ queue names. */
export const Queues = {
  Optimization: 'hotpath.optimization',
  CacheWarm: 'hotpath.cache-warm',
  WriteBehind: 'hotpath.write-behind',
} as const;

export type QueueName = (typeof Queues)[keyof typeof Queues];

export const OptimizationJobs = {
  QueryAnalysis: 'query-analysis',
  PoolTuning: 'pool-tuning',
  CacheTuning: 'cache-tuning',
  Full: 'full',
} as const;

export type OptimizationJobName = (typeof OptimizationJobs)[keyof typeof OptimizationJobs];

export const CacheWarmJobs = { Warm: 'warm' } as const;
/**
 * `flush` (one entry per job) is the old producer's and no longer enqueued; `flush-namespace` flushes a
 * batch of a namespace's pending entries, which are kept in Redis beside the queue (see @hotpath/cache's
 * write-behind), so the job carries no entry.
 */
export const WriteBehindJobs = { Flush: 'flush', FlushNamespace: 'flush-namespace' } as const;
