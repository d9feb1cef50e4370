import { CacheError } from '../errors/cache.error';
import { SingleFlight } from '../flight/single-flight';
import { validateKey, validateNamespace } from '../policy/validate-key';
import type { BatchLoader, CacheHit, LoadOptions, Loader } from './cache-hit';
import type { NamespaceState } from './namespace-state';
import { runLoader } from './run-loader';
import type { TieredCache } from './tiered-cache';
import type { TieredCacheOptions } from './tiered-cache-options';

/** The lock was not taken because L2 is unreachable: load in this process only. */
const NO_LOCK = '';
/**
 * Refresh locks are separate from load locks of the same key. (A user key that itself starts with
 * this prefix would share its load lock with another key's refresh: that costs a skipped refresh,
 * never a wrong value.)
 */
const REFRESH_LOCK_PREFIX = 'refresh-ahead:';

/**
 * getOrLoad and getOrLoadMany: single flight per key inside the process (SingleFlight) and across
 * processes (an L2 lock with a token and an expiry; waiters wake when the winner's write reaches
 * them on the bus, re-read L2, and load themselves only after a bounded wait), loader timeouts,
 * fail-safe stale answers, and refresh-ahead.
 */
export class LoadCoordinator {
  private readonly flights = new SingleFlight();
  private readonly refreshes = new SingleFlight();
  private readonly landings = new Map<string, Set<() => void>>();
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;

  constructor(
    private readonly cache: TieredCache,
    private readonly options: TieredCacheOptions,
    private readonly clock: () => number,
  ) {
    this.lockTtlMs = options.lock?.ttlMs ?? 10_000;
    this.lockWaitMs = options.lock?.waitMs ?? 2_000;
  }

  async getOrLoad<T>(
    namespace: string,
    key: string,
    loader: Loader<T>,
    options: LoadOptions,
  ): Promise<CacheHit<T>> {
    const hit = await this.cache.get<T>(namespace, key);
    const state = this.cache.state(namespace);
    if (hit && !hit.stale) {
      if (state.policy.strategy === 'refresh-ahead') this.maybeRefresh(state, key, hit, loader, options);
      return hit;
    }
    const id = flightId(namespace, key);
    if (this.flights.pending(id)) state.stats.coalescedLoads++;
    return this.flights.run(id, () => this.loadShared(state, key, loader, options, hit));
  }

  async getOrLoadMany<T>(
    namespace: string,
    keys: string[],
    loader: BatchLoader<T>,
    options: LoadOptions,
  ): Promise<Map<string, CacheHit<T>>> {
    const found = await this.cache.mget<T>(validateNamespace(namespace), keys);
    const state = this.cache.state(namespace);
    const waiting: Array<Promise<[string, CacheHit<T> | undefined]>> = [];
    const toLoad: string[] = [];
    for (const key of new Set(keys)) {
      const hit = found.get(key);
      if (hit && !hit.stale) continue;
      const running = this.flights.pending<CacheHit<T> | undefined>(flightId(namespace, key));
      if (running) {
        state.stats.coalescedLoads++;
        waiting.push(running.then((result) => [key, result]));
      } else toLoad.push(validateKey(key));
    }
    if (toLoad.length > 0) waiting.push(...this.loadBatch(state, toLoad, loader, options, found));
    for (const [key, hit] of await Promise.all(waiting)) if (hit) found.set(key, hit);
    return found;
  }

  /** Called for every key another instance wrote: wakes the waiters of those keys. */
  landed(namespace: string, keys: string[]): void {
    for (const key of keys) {
      const waiters = this.landings.get(flightId(namespace, key));
      if (waiters) for (const wake of waiters) wake();
    }
  }

  private async loadShared<T>(
    state: NamespaceState,
    key: string,
    loader: Loader<T>,
    options: LoadOptions,
    stale: CacheHit<T> | undefined,
  ): Promise<CacheHit<T>> {
    const namespace = state.policy.namespace;
    const l2 = state.usesL2 ? this.options.l2 : undefined;
    let token: string | undefined = NO_LOCK;
    if (l2) {
      token = await l2.acquireLock(namespace, key, this.lockTtlMs).catch(() => {
        state.stats.l2.errors++; // L2 unreachable: load in this process only
        return NO_LOCK;
      });
      if (token === undefined) {
        const winner = await this.awaitWinner<T>(state, key);
        if (winner) {
          state.stats.coalescedLoads++;
          return winner;
        }
        token = NO_LOCK;
      } else if (token !== NO_LOCK) {
        // Another process may have loaded and released the lock between our miss and our lock.
        const landed = await this.cache.l2Access.read(state, key);
        if (landed && !landed.stale) {
          void l2.releaseLock(namespace, key, token).catch(() => false);
          state.stats.coalescedLoads++;
          return landed as CacheHit<T>;
        }
      }
    }
    const release = (): void => {
      if (l2 && token) void l2.releaseLock(namespace, key, token).catch(() => false);
    };
    const started = performance.now();
    state.stats.loads++;
    const outcome = await runLoader((signal) => loader({ key, signal }), {
      softMs: stale ? (options.softTimeoutMs ?? this.options.loaderTimeouts?.softMs) : undefined,
      hardMs: options.hardTimeoutMs ?? this.options.loaderTimeouts?.hardMs,
    });
    state.stats.loadLatency.record(performance.now() - started);
    switch (outcome.kind) {
      case 'value':
        try {
          return await this.store(state, key, outcome.value, options);
        } finally {
          release();
        }
      case 'soft-timeout':
        void outcome.pending
          .then((value) => this.store(state, key, value, options))
          .catch(() => state.stats.loadFailures++)
          .finally(release);
        return stale as CacheHit<T>;
      case 'hard-timeout':
      case 'failed':
        release();
        state.stats.loadFailures++;
        if (stale) return stale;
        throw outcome.kind === 'hard-timeout'
          ? new CacheError('LOADER_TIMEOUT', `the loader of ${namespace}/${key} did not answer in time`)
          : new CacheError('LOADER_FAILED', `the loader of ${namespace}/${key} failed`, {
              cause: outcome.error,
            });
    }
  }

  private loadBatch<T>(
    state: NamespaceState,
    keys: string[],
    loader: BatchLoader<T>,
    options: LoadOptions,
    found: Map<string, CacheHit<T>>,
  ): Array<Promise<[string, CacheHit<T> | undefined]>> {
    const started = performance.now();
    state.stats.loads++;
    const batch = runLoader((signal) => loader(keys, { signal }), {
      hardMs: options.hardTimeoutMs ?? this.options.loaderTimeouts?.hardMs,
    }).then(async (outcome) => {
      state.stats.loadLatency.record(performance.now() - started);
      if (outcome.kind !== 'value') {
        state.stats.loadFailures++;
        return new Map<string, CacheHit<T>>();
      }
      const entries = [...outcome.value].filter(([key]) => keys.includes(key));
      const stored = new Map<string, CacheHit<T>>();
      for (const [key, value] of entries) stored.set(key, await this.store(state, key, value, options));
      return stored;
    });
    return keys.map((key) =>
      this.flights
        .run(flightId(state.policy.namespace, key), () => batch.then((stored) => stored.get(key)))
        .then((hit): [string, CacheHit<T> | undefined] => [key, hit ?? found.get(key)]),
    );
  }

  /** Caches a loaded value; a failing cache write still answers the caller with the value. */
  private async store<T>(
    state: NamespaceState,
    key: string,
    value: T,
    options: LoadOptions,
  ): Promise<CacheHit<T>> {
    const now = this.clock();
    let version: number;
    try {
      version = (await this.cache.set(state.policy.namespace, key, value, options)).version;
    } catch {
      version = this.cache.nextVersion();
    }
    const ttlMs = (options.ttlSeconds ?? state.policy.ttlSeconds) * 1000;
    return {
      value,
      version,
      tier: 'loader',
      stale: false,
      createdAt: now,
      expiresAt: now + ttlMs,
      staleUntil: now + ttlMs + state.policy.graceSeconds * 1000,
      tags: options.tags ?? [],
    };
  }

  /** Waits for another process's load of this key: woken by the bus, re-reading L2 with backoff. */
  private async awaitWinner<T>(state: NamespaceState, key: string): Promise<CacheHit<T> | undefined> {
    const deadline = this.clock() + this.lockWaitMs;
    for (let backoff = 10; this.clock() < deadline; backoff = Math.min(backoff * 2, 200)) {
      await this.nextLanding(
        flightId(state.policy.namespace, key),
        Math.min(backoff, deadline - this.clock()),
      );
      const hit = await this.cache.l2Access.read(state, key);
      if (hit && !hit.stale) return hit as CacheHit<T>;
    }
    return undefined;
  }

  private nextLanding(id: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      let waiters = this.landings.get(id);
      if (!waiters) this.landings.set(id, (waiters = new Set()));
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0) this.landings.delete(id);
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, timeoutMs));
      waiters.add(done);
    });
  }

  /** Refresh-ahead: past `refreshAheadRatio` of its TTL a hit starts one background reload fleet-wide. */
  private maybeRefresh<T>(
    state: NamespaceState,
    key: string,
    hit: CacheHit<T>,
    loader: Loader<T>,
    options: LoadOptions,
  ): void {
    const now = this.clock();
    if (now - hit.createdAt < state.policy.refreshAheadRatio * (hit.expiresAt - hit.createdAt)) return;
    const id = flightId(state.policy.namespace, key);
    if (this.refreshes.pending(id) || this.flights.pending(id)) return;
    void this.refreshes
      .run(id, async () => {
        const l2 = state.usesL2 ? this.options.l2 : undefined;
        // The lock outlives the refresh on purpose: until the old value expires, no instance that
        // still holds it starts another refresh.
        const lockMs = Math.max(1000, hit.expiresAt - now);
        if (
          l2 &&
          (await l2
            .acquireLock(state.policy.namespace, REFRESH_LOCK_PREFIX + key, lockMs)
            .catch(() => NO_LOCK)) === undefined
        )
          return;
        state.stats.loads++;
        const outcome = await runLoader((signal) => loader({ key, signal }), {
          hardMs: options.hardTimeoutMs ?? this.options.loaderTimeouts?.hardMs,
        });
        if (outcome.kind === 'value') await this.store(state, key, outcome.value, options);
        else state.stats.loadFailures++;
      })
      .catch(() => state.stats.loadFailures++);
  }
}

function flightId(namespace: string, key: string): string {
  return `${namespace}\u0000${key}`;
}
