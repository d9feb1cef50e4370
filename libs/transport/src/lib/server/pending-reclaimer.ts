import type { Redis } from 'ioredis';
import { CONSUMER_GROUP } from '../protocol/stream-keys';

export interface PendingReclaimerOptions {
  redis: Redis;
  /** The service's shared stream (a replica's own stream is never claimed by another). */
  stream: string;
  consumer: string;
  visibilityTimeoutMs: number;
  /** The deliveries this replica is working on, with when it got them. */
  held: () => Iterable<{ stream: string; entryId: string; since: number }>;
  /** How many more requests this replica can take. */
  room: () => number;
  deliver: (stream: string, entryId: string, fields: string[] | null) => void;
  /** Runs on every tick too (presence heartbeat, forgetting dead replicas). */
  housekeeping: (redis: Redis) => Promise<void>;
  onError: (error: unknown) => void;
}

/**
 * The visibility timeout of a consumer group, both ways. Every tick (a third of the timeout) this
 * replica renews what it has held for more than a third of the timeout (`XCLAIM … JUSTID` to
 * itself resets the idle time without counting a delivery), and claims from the other replicas
 * what has sat idle longer than the timeout (`XAUTOCLAIM`): those replicas died or froze.
 */
export class PendingReclaimer {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(private readonly options: PendingReclaimerOptions) {}

  start(): void {
    const period = Math.max(50, Math.floor(this.options.visibilityTimeoutMs / 3));
    this.timer = setInterval(() => void this.tick(), period);
    this.timer.unref();
    void this.tick();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.running || this.options.redis.status !== 'ready') return;
    this.running = true;
    try {
      await this.renew();
      await this.claim();
      await this.options.housekeeping(this.options.redis);
    } catch (error) {
      this.options.onError(error);
    } finally {
      this.running = false;
    }
  }

  private async renew(): Promise<void> {
    const { redis, consumer, visibilityTimeoutMs } = this.options;
    const before = Date.now() - visibilityTimeoutMs / 3;
    const byStream = new Map<string, string[]>();
    for (const held of this.options.held()) {
      if (held.since > before) continue;
      const ids = byStream.get(held.stream);
      if (ids) ids.push(held.entryId);
      else byStream.set(held.stream, [held.entryId]);
    }
    for (const [stream, ids] of byStream) {
      await redis.xclaim(stream, CONSUMER_GROUP, consumer, 0, ...ids, 'JUSTID');
    }
  }

  private async claim(): Promise<void> {
    const { redis, stream, consumer, visibilityTimeoutMs } = this.options;
    let cursor = '0-0';
    do {
      const room = this.options.room();
      if (room <= 0) return;
      const [next, entries] = (await redis.xautoclaim(
        stream,
        CONSUMER_GROUP,
        consumer,
        visibilityTimeoutMs,
        cursor,
        'COUNT',
        room,
      )) as [string, [string, string[] | null][]];
      for (const [entryId, fields] of entries) this.options.deliver(stream, entryId, fields);
      cursor = next;
    } while (cursor !== '0-0');
  }
}
