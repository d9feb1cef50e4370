import { Queues, WriteBehindJobs, type CacheWarmJobs, type OptimizationJobName } from './queues';

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

/** A `flush-namespace` job: flush the namespace's pending write-behind entries, a batch at a time. */
export interface WriteBehindFlushJobData extends JobBase {
  namespace: string;
}

/** Payload type per (queue, job name): a producer cannot enqueue a wrong payload. */
export type JobPayloads = {
  [Queues.Optimization]: Record<OptimizationJobName, OptimizationJobData>;
  [Queues.CacheWarm]: Record<(typeof CacheWarmJobs)[keyof typeof CacheWarmJobs], CacheWarmJobData>;
  [Queues.WriteBehind]: {
    [WriteBehindJobs.Flush]: WriteBehindJobData;
    [WriteBehindJobs.FlushNamespace]: WriteBehindFlushJobData;
  };
};

export type JobNameOf<Q extends keyof JobPayloads> = keyof JobPayloads[Q] & string;
export type JobDataOf<Q extends keyof JobPayloads, N extends JobNameOf<Q>> = JobPayloads[Q][N];

/**
 * `CacheWarmJobData.source` naming the fleet's hot-key set as where the keys come from (the same
 * as leaving `keys` out); values then come from the namespace policy's `warmSource`.
 */
export const HOT_KEYS_WARM_SOURCE = 'hot-keys';

/** What a warm job has done so far (its BullMQ progress) and, once finished, its result. */
export interface CacheWarmProgress {
  namespace: string;
  /** Where the keys came from: the job's list or the fleet's hot-key set. */
  keysFrom: 'job' | 'hot-keys';
  /** The name of the source values were loaded from (null: none was needed). */
  source: string | null;
  /** Distinct keys to warm. */
  total: number;
  /** Keys handled so far (`cached + loaded + missing + failed`). */
  done: number;
  /** Fresh in L2 already: not loaded again. */
  cached: number;
  /** Loaded from the source and written to L2. */
  loaded: number;
  /** The source answered without them. */
  missing: number;
  /** Their batch's source call failed or timed out. */
  failed: number;
  /** `done / total` as a whole percentage (100 for an empty job). */
  percent: number;
}

export type CacheWarmJobResult = CacheWarmProgress;
