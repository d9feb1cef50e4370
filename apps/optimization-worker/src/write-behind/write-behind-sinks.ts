import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  HttpWriteBehindSinkWriter,
  PostgresWriteBehindSinkWriter,
  type WriteBehindPolicy,
  type WriteBehindSink,
} from '@hotpath/cache';
import { SERVICE_CONFIG, type ServiceConfig } from '@hotpath/platform';
import pg from 'pg';

/** Connections per sink database per worker process (a flush is one statement). */
const POOL_MAX = 4;

/**
 * The sinks of the namespaces this worker flushes, made on first use and kept: one pool per
 * PostgreSQL URL (a sink without `url` uses the worker's `DATABASE_URL`), one breaker per HTTP
 * sink. Closed on shutdown, after the processor has drained.
 */
@Injectable()
export class WriteBehindSinks implements OnApplicationShutdown {
  private readonly logger = new Logger(WriteBehindSinks.name);
  private readonly pools = new Map<string, pg.Pool>();
  private readonly sinks = new Map<string, WriteBehindSink>();

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  readonly sinkFor = (policy: WriteBehindPolicy): WriteBehindSink => {
    const id = JSON.stringify(policy.sink);
    let sink = this.sinks.get(id);
    if (!sink) {
      sink =
        policy.sink.kind === 'postgres'
          ? new PostgresWriteBehindSinkWriter(
              this.pool(policy.sink.url ?? this.config.database.url),
              policy.sink,
            )
          : new HttpWriteBehindSinkWriter(policy.sink);
      this.sinks.set(id, sink);
    }
    return sink;
  };

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.pools.values()].map((pool) => pool.end()));
  }

  private pool(url: string): pg.Pool {
    let pool = this.pools.get(url);
    if (!pool) {
      pool = new pg.Pool({
        connectionString: url,
        max: POOL_MAX,
        application_name: `${this.config.serviceName}:${this.config.instanceId}:write-behind`,
      });
      pool.on('error', (error) =>
        this.logger.warn({ err: error }, 'idle write-behind sink connection failed'),
      );
      this.pools.set(url, pool);
    }
    return pool;
  }
}
