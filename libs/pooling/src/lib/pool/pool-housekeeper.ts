import { performance } from 'node:perf_hooks';
import type { ResolvedPoolOptions } from '../options/resolved-pool-options';
import type { ManagedPool } from './managed-pool';
import type { PooledConnection } from './pooled-connection';

/**
 * The background half of a pool, on one unref'd interval (HikariCP's housekeeper): closes idle
 * connections above `min`, opens connections up to `min`, samples utilisation for the health, and
 * reports leaks — a borrow older than the threshold is logged once, with the stack captured at
 * `connect()`, formatted only now. The period is `housekeepingIntervalMs`, shortened to a quarter
 * of the leak threshold so a leak is reported within 1.25 × the threshold.
 */
export class PoolHousekeeper {
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pool: ManagedPool,
    private readonly options: ResolvedPoolOptions,
  ) {
    const leakMs = options.leakDetectionThresholdMs;
    const period = Math.min(
      options.housekeepingIntervalMs,
      leakMs > 0 ? Math.max(5, Math.floor(leakMs / 4)) : Infinity,
    );
    this.timer = setInterval(() => this.run(), period);
    this.timer.unref();
  }

  run(): void {
    const now = performance.now();
    if (this.options.idleTimeoutMs > 0) this.pool.evictIdle(now);
    if (this.options.leakDetectionThresholdMs > 0) this.detectLeaks(now);
    this.pool.sampleUtilisation(now);
    this.pool.grow();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private detectLeaks(now: number): void {
    const threshold = this.options.leakDetectionThresholdMs;
    for (const entry of this.pool.connections) {
      if (entry.state === 'borrowed' && !entry.leakReported && now - entry.borrowedAt > threshold)
        this.report(entry, now);
    }
  }

  private report(entry: PooledConnection, now: number): void {
    entry.leakReported = true;
    this.pool.leakReported(now);
    const stack =
      entry.site?.stack?.split('\n').slice(1).join('\n') ??
      `    (not captured: stacks are sampled 1 in ${this.options.leakStackEvery}; every borrow is captured ` +
        `for the next ${this.options.leakStackWindowMs} ms)`;
    this.options.logger.warn(
      `connection leak suspected: a connection of pool "${this.pool.name}" has been held for ` +
        `${Math.round(now - entry.borrowedAt)} ms (threshold ${this.options.leakDetectionThresholdMs} ms); borrowed at:\n${stack}`,
    );
  }
}
