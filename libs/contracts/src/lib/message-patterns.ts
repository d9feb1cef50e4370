/**
 * Redis-transport message patterns. Request/response patterns are answered with `send`;
 * `perf.report` is an event (`emit`), never answered.
 */
export const CachePatterns = {
  Get: 'cache.get',
  Set: 'cache.set',
  Delete: 'cache.delete',
  BatchGet: 'cache.batch-get',
  Invalidate: 'cache.invalidate',
  Stats: 'cache.stats',
  Warm: 'cache.warm',
} as const;

export type CachePattern = (typeof CachePatterns)[keyof typeof CachePatterns];

export const PerfPatterns = {
  /** Event: a service's latency histograms and gauges, every 10 s. */
  Report: 'perf.report',
  /** Request: capture a V8 CPU profile of the answering service. */
  CpuProfile: 'perf.cpu-profile',
} as const;

export type PerfPattern = (typeof PerfPatterns)[keyof typeof PerfPatterns];

/** Error reply of every Redis-transport handler (what the RPC exception filter sends). */
export interface RpcErrorReply {
  status: 'error';
  code: string;
  message: string;
  errors?: { field: string; message: string }[];
}
