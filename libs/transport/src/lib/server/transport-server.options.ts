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
   * them. Default 5000.
   */
  visibilityTimeoutMs?: number;
  /** Approximate bound of each stream (`MAXLEN ~`), that is of the backlog not yet read. Default 100,000. */
  maxLen?: number;
  /** Longest wait of one blocked read; also how fast a close is noticed. Default 2000. */
  blockMs?: number;
  /** How long a close waits for requests in progress before it gives them up to other replicas. */
  drainTimeoutMs?: number;
}

export const SERVER_DEFAULTS = {
  concurrency: 256,
  visibilityTimeoutMs: 5_000,
  maxLen: 100_000,
  blockMs: 2_000,
  drainTimeoutMs: 10_000,
} as const;
