import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RedisWriteBehindBuffer } from '@hotpath/cache';
import { MetricsRegistry } from '@hotpath/telemetry';

export interface WriteBehindBacklogEntry {
  namespace: string;
  /** Keys waiting to be flushed to the namespace's sink. */
  pending: number;
  /** Past it, a write-behind write of a key not already waiting is refused with 503. */
  maxPending: number;
}

/** How often the backlog /status shows is read again (one HLEN per write-behind namespace written). */
const REFRESH_MS = 2_000;

/**
 * The write-behind backlog of the namespaces this instance wrote, read from Redis at scrape time as
 * `hotpath_write_behind_pending{namespace}` and `hotpath_write_behind_max_pending{namespace}`, and
 * every 2 s for /status (answered without a Redis round trip of its own).
 */
@Injectable()
export class WriteBehindBacklog implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WriteBehindBacklog.name);
  private latest: WriteBehindBacklogEntry[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly buffer: RedisWriteBehindBuffer,
    private readonly metrics: MetricsRegistry,
  ) {}

  /** The latest reading, refreshed by every scrape and every `refresh()`. */
  snapshot(): WriteBehindBacklogEntry[] {
    return this.latest;
  }

  async refresh(): Promise<WriteBehindBacklogEntry[]> {
    this.latest = await this.buffer.backlog();
    return this.latest;
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) =>
        this.logger.debug({ err: error }, 'write-behind backlog unavailable'),
      );
    }, REFRESH_MS);
    this.timer.unref();
    const refresh = () => this.refresh();
    const logger = this.logger;
    const maxPending = this.metrics.createGauge({
      name: 'hotpath_write_behind_max_pending',
      help: 'Write-behind keys a namespace may have waiting before writes are refused with 503.',
      labelNames: ['namespace'],
    });
    this.metrics.createGauge({
      name: 'hotpath_write_behind_pending',
      help: 'Write-behind keys waiting to be flushed to their sink, per namespace this instance wrote.',
      labelNames: ['namespace'],
      async collect() {
        this.reset();
        maxPending.reset();
        try {
          for (const entry of await refresh()) {
            this.set({ namespace: entry.namespace }, entry.pending);
            maxPending.set({ namespace: entry.namespace }, entry.maxPending);
          }
        } catch (error) {
          // A scrape while Redis is away reports nothing rather than zeros.
          logger.warn({ err: error }, 'write-behind backlog unavailable');
        }
      },
    });
  }
}
