import { Queues, type CacheWarmJobs, type OptimizationJobName, type WriteBehindJobs } from './queues';

/** Every job carries the request id of the HTTP call or message that caused it, so logs join up. */
interface JobBase {
  requestId?: string;
}

export interface OptimizationJobData extends JobBase {
  /** Narrows the analysis, e.g. a service name, a table or a cache namespace. */
  scope?: string;
}

export interface CacheWarmJobData extends JobBase {
  namespace: string;
  /** Explicit keys to load; without them the worker warms from `source` or the hot-key set. */
  keys?: string[];
  /** Name of a registered loader source. */
  source?: string;
}

export interface WriteBehindJobData extends JobBase {
  namespace: string;
  key: string;
  /** Monotonic entry version; the flush is idempotent per (namespace, key, version). */
  version: number;
  /** The value to write to the source of truth, or null for a delete. */
  value: unknown;
}

/** Payload type per (queue, job name): a producer cannot enqueue a wrong payload. */
export type JobPayloads = {
  [Queues.Optimization]: Record<OptimizationJobName, OptimizationJobData>;
  [Queues.CacheWarm]: Record<(typeof CacheWarmJobs)[keyof typeof CacheWarmJobs], CacheWarmJobData>;
  [Queues.WriteBehind]: Record<(typeof WriteBehindJobs)[keyof typeof WriteBehindJobs], WriteBehindJobData>;
};

export type JobNameOf<Q extends keyof JobPayloads> = keyof JobPayloads[Q] & string;
export type JobDataOf<Q extends keyof JobPayloads, N extends JobNameOf<Q>> = JobPayloads[Q][N];
