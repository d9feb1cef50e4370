export interface HotpathTransportServerOptions {
  /** The queue Redis (`QUEUE_REDIS_URL`). */
  redisUrl: string;
  /** The service whose requests this replica competes for (its stream and consumer group). */
  service: string;
  /** This replica's id: its consumer name, and the address of requests sent to it alone. */
  instanceId: string;
  /** Requests handled at once by this replica; it reads no more than it has room for. Default 256. */
  concurrency?: number;
  /**
   * How long a request may stay with a replica without a sign of life before another claims it.
   * A replica renews the requests it is still working on, so only a dead or frozen one loses
   * them. Shorter than a caller's usual timeout, so a request a replica died holding is still
   * answered by another before its caller gives up. Default 2000.
   */
  visibilityTimeoutMs?: number;
  /** Longest wait of one blocked read; also how fast a close is noticed. Default 2000. */
  blockMs?: number;
  /** How long a close waits for requests in progress before it gives them up to other replicas. */
  drainTimeoutMs?: number;
}

export const SERVER_DEFAULTS = {
  concurrency: 256,
  visibilityTimeoutMs: 2_000,
  blockMs: 2_000,
  drainTimeoutMs: 10_000,
} as const;
