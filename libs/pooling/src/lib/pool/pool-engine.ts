import { performance } from 'node:perf_hooks';
import type { PoolClient } from 'pg';
import { PoolError } from '../errors/pool.error';
import type { ResolvedPoolOptions } from '../options/resolved-pool-options';
import type { AcquireCallback, ReleaseFunction } from './acquire-callback';
import type { AcquireWaiter } from './acquire-waiter';
import { ConnectionSet } from './connection-set';
import { describeTarget } from './describe-target';
import { LeakStackSampler } from './leak-stack-sampler';
import type { PooledConnection } from './pooled-connection';
import { validateConnection } from './validate-connection';
import { WaiterQueue } from './waiter-queue';

/** pg's private flags, read as pg-pool reads them to tell a dead client from a healthy one. */
interface ClientFlags {
  _queryable?: boolean;
  _ending?: boolean;
}

const noopRelease: ReleaseFunction = () => undefined;

/**
 * The lending half of {@link ManagedPool} (the connections themselves are {@link ConnectionSet}'s):
 * hand-out, release, validation before hand-out, waiters and their timeouts. The hot path (an idle connection handed out, then released) allocates one
 * closure, reads the clock twice and adds to two latency recorders; the FIFO waiters share one
 * timeout timer. Not exported from the library: {@link ManagedPool} is the API.
 */
export class PoolEngine extends ConnectionSet {
  protected readonly waiters = new WaiterQueue((waiter, now) => this.timeOut(waiter, now));
  protected lastAcquiredAt = -Infinity;
  protected lastFailedAt = -Infinity;
  protected lastFailure: Error | undefined;
  private readonly validationIdleMs: number;
  /** Present only when leak detection is on. */
  private readonly leakStacks: LeakStackSampler | undefined;
  private lastConnectError: { error: unknown; at: number } | undefined;

  constructor(name: string, options: ResolvedPoolOptions) {
    super(name, options);
    this.validationIdleMs = options.validationIdleMs;
    if (options.leakDetectionThresholdMs > 0) {
      this.leakStacks = new LeakStackSampler(options.leakStackEvery, options.leakStackWindowMs);
    }
  }

  /** Opens connections for the waiters (up to `max`) and up to `min`. */
  override grow(): void {
    if (this.ending !== undefined) return;
    const { max, min } = this.options;
    const open = this.connections.length + this.creating;
    const wanted = Math.max(this.waiters.live - this.creating, min - open);
    for (let i = Math.min(wanted, max - open); i > 0; i--) this.create();
  }

  protected acquire(callback: AcquireCallback, signal: AbortSignal | undefined): void {
    const now = performance.now();
    if (this.ending !== undefined) return callback(this.endedError(), undefined, noopRelease);
    const site = this.leakStacks?.capture(now, this.name);
    if (this.waiters.live === 0) {
      const entry = this.takeIdle(now);
      if (entry !== undefined) {
        if (now - entry.releasedAt <= this.validationIdleMs)
          return this.handOut(entry, callback, now, now, site);
        const deadline = now + this.options.acquireTimeoutMs;
        return this.validate(entry, { callback, startedAt: now, deadline, site, settled: true });
      }
    }
    if (signal?.aborted) return callback(this.abortedError(), undefined, noopRelease);
    const waiter: AcquireWaiter = {
      callback,
      startedAt: now,
      deadline: now + this.options.acquireTimeoutMs,
      site,
      settled: false,
    };
    if (signal !== undefined) {
      waiter.signal = signal;
      waiter.onAbort = () => {
        if (this.waiters.settle(waiter)) callback(this.abortedError(), undefined, noopRelease);
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
    }
    this.waiters.push(waiter);
    this.grow();
  }

  /** Called by the housekeeper when it reports a leak: every borrow is captured for a while. */
  leakReported(now: number): void {
    this.counters.leaks++;
    this.leakStacks?.leakReported(now);
  }

  protected endedError(): PoolError {
    return new PoolError('POOL_ENDED', `pool "${this.name}" was ended`);
  }

  protected startEnding(): Promise<void> {
    const ending = this.beginEnding();
    this.waiters.stop();
    const error = this.endedError();
    for (const waiter of this.waiters.drain()) waiter.callback(error, undefined, noopRelease);
    for (const entry of [...this.idle]) this.close(entry, 'ended');
    this.checkEnded();
    return ending;
  }

  private abortedError(): PoolError {
    return new PoolError('ACQUIRE_ABORTED', `acquire from pool "${this.name}" was aborted`);
  }

  private takeIdle(now: number): PooledConnection | undefined {
    for (let entry = this.idle.pop(); entry !== undefined; entry = this.idle.pop()) {
      if (now < entry.expiresAt) return entry;
      this.close(entry, 'lifetime');
    }
    return undefined;
  }

  private handOut(
    entry: PooledConnection,
    callback: AcquireCallback,
    startedAt: number,
    now: number,
    site: Error | undefined,
  ): void {
    entry.state = 'borrowed';
    entry.borrowedAt = now;
    entry.site = site;
    this.acquireLatency.observe((now - startedAt) / 1000);
    this.counters.acquired++;
    this.lastAcquiredAt = now;
    const client = entry.client as PoolClient;
    let released = false;
    const release: ReleaseFunction = (error) => {
      if (released)
        throw new PoolError('DOUBLE_RELEASE', `a connection of pool "${this.name}" was released twice`);
      released = true;
      this.release(entry, error);
    };
    client.release = release;
    this.emit('acquire', client);
    callback(undefined, client, release);
  }

  private release(entry: PooledConnection, error: Error | boolean | undefined): void {
    const now = performance.now();
    this.holdLatency.observe((now - entry.borrowedAt) / 1000);
    if (entry.leakReported) {
      const heldMs = Math.round(now - entry.borrowedAt);
      this.options.logger.log(
        `a connection of pool "${this.name}" reported as leaked came back after ${heldMs} ms`,
      );
      entry.leakReported = false;
    }
    entry.site = undefined;
    this.emit('release', error, entry.client);
    const flags = entry.client as unknown as ClientFlags;
    if (
      error ||
      entry.broken ||
      !flags._queryable ||
      flags._ending ||
      now >= entry.expiresAt ||
      this.ending !== undefined
    ) {
      this.close(
        entry,
        this.ending !== undefined
          ? 'ended'
          : now >= entry.expiresAt && !error && !entry.broken
            ? 'lifetime'
            : 'error',
      );
      return this.grow();
    }
    entry.releasedAt = now;
    const waiter = this.waiters.take();
    if (waiter !== undefined) return this.handOut(entry, waiter.callback, waiter.startedAt, now, waiter.site);
    entry.state = 'idle';
    this.idle.push(entry);
  }

  /** Serves waiters from idle connections, then opens what is still missing. */
  private pump(now: number): void {
    while (this.waiters.live > 0) {
      const entry = this.takeIdle(now);
      if (entry === undefined) break;
      const waiter = this.waiters.take() as AcquireWaiter;
      if (now - entry.releasedAt <= this.validationIdleMs)
        this.handOut(entry, waiter.callback, waiter.startedAt, now, waiter.site);
      else this.validate(entry, waiter);
    }
    this.grow();
  }

  private validate(entry: PooledConnection, waiter: AcquireWaiter): void {
    entry.state = 'validating';
    validateConnection(entry.client, this.options.validationTimeoutMs).then(
      () => {
        if (entry.broken)
          return this.failValidation(entry, waiter, new Error('the connection failed during validation'));
        this.handOut(entry, waiter.callback, waiter.startedAt, performance.now(), waiter.site);
      },
      (error: unknown) => this.failValidation(entry, waiter, error),
    );
  }

  private failValidation(entry: PooledConnection, waiter: AcquireWaiter, error: unknown): void {
    this.counters.validationFailures++;
    this.options.logger.warn(
      `pool "${this.name}" dropped a connection that failed validation: ${messageOf(error)}`,
    );
    this.close(entry, 'validation');
    const now = performance.now();
    if (this.ending !== undefined) return waiter.callback(this.endedError(), undefined, noopRelease);
    if (now >= waiter.deadline) return this.timeOut(waiter, now);
    this.waiters.unshift(waiter); // it keeps its place in the queue
    this.pump(now);
  }

  protected override connectFailed(error: unknown): void {
    this.counters.connectErrors++;
    this.lastConnectError = { error, at: performance.now() };
    const target = describeTarget(this.options.connection);
    this.options.logger.warn(
      `pool "${this.name}" could not open a connection to ${target}: ${messageOf(error)}`,
    );
    if (this.ending !== undefined) return this.checkEnded();
    // Nothing open and nothing coming: the waiters would only wait for their timeout. Fail them now.
    if (this.connections.length === 0 && this.creating === 0 && this.waiters.live > 0) {
      const message = `pool "${this.name}" could not open a connection to ${target}: ${messageOf(error)}`;
      const failure = new PoolError('CONNECT_FAILED', message, { cause: error });
      this.markFailed(failure, performance.now());
      for (const waiter of this.waiters.drain()) waiter.callback(failure, undefined, noopRelease);
    }
  }

  /** A new connection is ready: it serves the oldest waiter, or waits idle. */
  protected override adopted(entry: PooledConnection, now: number): void {
    this.idle.push(entry);
    this.pump(now);
  }

  private timeOut(waiter: AcquireWaiter, now: number): void {
    this.counters.timeouts++;
    const { max, acquireTimeoutMs } = this.options;
    const recent = this.lastConnectError !== undefined && now - this.lastConnectError.at <= acquireTimeoutMs;
    const error = new PoolError(
      'ACQUIRE_TIMEOUT',
      `pool "${this.name}" could not hand out a connection within ${acquireTimeoutMs} ms: ` +
        `size ${this.connections.length} of max ${max} (${this.inUseCount} in use, ${this.idle.length} idle, ` +
        `${this.creating} opening), ${this.waiters.live + 1} waiting`,
      recent ? { cause: this.lastConnectError?.error } : undefined,
    );
    this.markFailed(error, now);
    waiter.callback(error, undefined, noopRelease);
  }

  private markFailed(error: Error, now: number): void {
    this.lastFailedAt = now;
    this.lastFailure = error;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
