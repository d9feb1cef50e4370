import type { Cluster, Redis } from 'ioredis';
import { type NamespaceHotKeys, publishHotKeys } from './fleet-hot-keys';

export interface HotKeyPublisherOptions {
  /** The queue Redis (`noeviction`): every list carries a TTL, so nothing stays behind. */
  redis: Redis | Cluster;
  instanceId: string;
  /** This instance's hot keys now, per namespace, hottest first. */
  hotKeys: () => NamespaceHotKeys[];
  /** Default 10 s. */
  intervalMs?: number;
  /** How long a published list counts; default three intervals (one lost publish is no gap). */
  ttlMs?: number;
  prefix?: string;
  /** Called with a failed publish (Redis away); the next tick tries again. */
  onError?: (error: unknown) => void;
}

/**
 * Publishes an instance's hot keys to Redis every interval, so that the optimization-worker can
 * warm the keys the whole fleet reads most (see `readFleetHotKeys`).
 */
export class HotKeyPublisher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  readonly intervalMs: number;
  readonly ttlMs: number;

  constructor(private readonly options: HotKeyPublisherOptions) {
    this.intervalMs = options.intervalMs ?? 10_000;
    this.ttlMs = options.ttlMs ?? 3 * this.intervalMs;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops publishing and waits for a publish in progress; the lists expire on their own. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Publishes now (also what every tick does). */
  publishNow(): Promise<void> {
    return publishHotKeys(this.options.redis, this.options.hotKeys(), {
      instanceId: this.options.instanceId,
      ttlMs: this.ttlMs,
      prefix: this.options.prefix,
    });
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.publishNow()
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => (this.running = undefined));
    await this.running;
  }
}
