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
export const WriteBehindJobs = { Flush: 'flush' } as const;
