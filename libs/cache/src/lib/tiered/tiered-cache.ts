import { taskClock } from '../clock/task-clock';
import type { CacheEnvelope } from '../entry/cache-envelope';
import type { CachePolicy } from '../policy/cache-policy';
import { compileKeyGlob } from '../policy/key-glob';
import { validateKey } from '../policy/validate-key';
import { CacheStatistics } from '../stats/cache-statistics';
import type { BatchLoader, CacheHit, LoadOptions, Loader, SetOptions } from './cache-hit';
import { LoadCoordinator } from './load-coordinator';
import { Coherence } from './coherence';
import { encodedSize, newEnvelope } from './envelope-hit';
import { pageKeys } from './page-keys';
import { L2Access } from './l2-access';
import { enqueueWriteBehind, writeThrough } from './write-strategies';
import { NamespaceRegistry } from './namespace-registry';
import type { NamespaceState } from './namespace-state';
import type { TieredCacheHealth, TieredCacheOptions, TieredCacheUsage } from './tiered-cache-options';

/**
 * The multi-tier cache: an in-process L1 per namespace in front of a shared L2 (Redis), kept
 * coherent across instances by the bus. Every write, delete and invalidation is published; another
 * instance's L1 copy is dropped when the message arrives, all L1 copies on any bus gap, and L1 is
 * bypassed while the bus is down. A failing L2 degrades reads to L1 (stale values included, flagged),
 * and fails writes, which are never acknowledged unless stored. Reads of a namespace the instance
 * does not hold keep nothing (see NamespaceRegistry); all L1 stores share `l1MaxBytes`.
 */
export class TieredCache {
  readonly statistics: CacheStatistics;
  private readonly namespaces: NamespaceRegistry;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly loads: LoadCoordinator;
  private readonly coherence: Coherence;
  /** @internal */
  readonly l2Access: L2Access;
  private lastVersion = 0;

  constructor(private readonly options: TieredCacheOptions) {
    this.clock = options.clock ?? taskClock;
    this.random = options.random ?? Math.random;
    this.statistics = options.statistics ?? new CacheStatistics();
    this.namespaces = new NamespaceRegistry({
      policies: options.policies,
      statistics: this.statistics,
      clock: this.clock,
      l1MaxBytes: options.l1MaxBytes,
      idleMs: options.idleNamespaceMs,
    });
    this.l2Access = new L2Access(
      options.l2,
      this.clock,
      () => !options.bus || options.bus.healthy,
      (view) => this.namespaces.adopt(view),
    );
    this.loads = new LoadCoordinator(this, options, this.clock);
    this.coherence = new Coherence(options.bus, this.namespaces, this.l2Access, this.statistics, (ns, keys) =>
      this.loads.landed(ns, keys),
    );
  }

  get<T = unknown>(namespace: string, key: string): Promise<CacheHit<T> | undefined> {
    try {
      const found = this.lookup<T>(namespace, key);
      return found instanceof Promise ? found : Promise.resolve(found);
    } catch (error) {
      // As an async method would: an invalid namespace rejects the promise instead of throwing.
      return Promise.reject(error);
    }
  }

  /**
   * `get` without a promise when L1 can answer: a fresh L1 hit is returned as it is (no microtask,
   * nothing allocated), anything else as `get`'s promise. For the hottest callers, such as the
   * data plane's HTTP route, which then answers without going through the event loop.
   */
  lookup<T = unknown>(namespace: string, key: string): CacheHit<T> | Promise<CacheHit<T> | undefined> {
    const state = this.namespaces.forRead(namespace);
    const local = this.readL1(state, key);
    // A key found in L1 was validated when it was stored.
    if (local && !local.stale) return local as CacheHit<T>;
    return this.readBeyondL1(state, key, local) as Promise<CacheHit<T> | undefined>;
  }

  async set(
    namespace: string,
    key: string,
    value: unknown,
    { requestId, ...options }: SetOptions = {},
  ): Promise<{ version: number }> {
    const state = this.state(namespace);
    validateKey(key);
    const envelope = this.envelopeFor(state.policy, value, options);
    const size = encodedSize(value);
    await writeThrough(this.options.writers, state.policy, key, value);
    const { version } = envelope;
    const job = { namespace, key, version, value, requestId };
    await enqueueWriteBehind(this.options.writeBehind, state.policy, job);
    if (state.usesL2) await this.l2Access.write(state, [[key, envelope]]);
    state.storeL1(key, envelope, size);
    state.stats.l1.sets += state.l1 ? 1 : 0;
    this.coherence.publish({ kind: 'keys', namespace, keys: [key] });
    return { version };
  }

  async delete(
    namespace: string,
    key: string,
    { requestId }: Pick<SetOptions, 'requestId'> = {},
  ): Promise<boolean> {
    // A delete has nothing to keep: a namespace this instance does not hold stays so (a view).
    const state = this.namespaces.forRead(namespace);
    validateKey(key);
    await writeThrough(this.options.writers, state.policy, key, null);
    const job = { namespace, key, version: this.nextVersion(), value: null, requestId };
    await enqueueWriteBehind(this.options.writeBehind, state.policy, job);
    const removedLocally = state.l1?.delete(key) ?? false;
    const removedShared = state.usesL2
      ? (await this.l2Access.call(state, (l2) =>
          l2.delete(namespace, [key], { hashTag: state.policy.hashTag }),
        )) > 0
      : false;
    state.stats.l1.deletes++;
    this.coherence.publish({ kind: 'keys', namespace, keys: [key] });
    return removedLocally || removedShared;
  }

  async mget<T = unknown>(namespace: string, keys: string[]): Promise<Map<string, CacheHit<T>>> {
    const state = this.namespaces.forRead(namespace);
    const found = new Map<string, CacheHit<T>>();
    const stale = new Map<string, CacheHit<T>>();
    const missing: string[] = [];
    for (const key of new Set(keys)) {
      validateKey(key);
      const local = this.readL1(state, key);
      if (local && !local.stale) found.set(key, local as CacheHit<T>);
      else {
        if (local) stale.set(key, local as CacheHit<T>);
        missing.push(key);
      }
    }
    const shared =
      missing.length > 0 && state.usesL2 ? await this.l2Access.readMany(state, missing) : new Map();
    for (const [key, hit] of shared) found.set(key, hit as CacheHit<T>);
    for (const [key, hit] of stale) if (!found.has(key)) found.set(key, hit);
    return found;
  }

  async mset(
    namespace: string,
    entries: Array<[string, unknown]>,
    options: SetOptions = {},
  ): Promise<{ versions: Map<string, number> }> {
    const state = this.state(namespace);
    const versions = new Map<string, number>();
    if (state.policy.strategy === 'write-through' || state.policy.strategy === 'write-behind') {
      for (const [key, value] of entries)
        versions.set(key, (await this.set(namespace, key, value, options)).version);
      return { versions };
    }
    const envelopes = entries.map(([key, value]): [string, CacheEnvelope, number] => [
      validateKey(key),
      this.envelopeFor(state.policy, value, options),
      encodedSize(value),
    ]);
    if (state.usesL2)
      await this.l2Access.write(
        state,
        envelopes.map(([key, envelope]) => [key, envelope]),
      );
    for (const [key, envelope, size] of envelopes) {
      state.storeL1(key, envelope, size);
      versions.set(key, envelope.version);
    }
    state.stats.l1.sets += state.l1 ? envelopes.length : 0;
    this.coherence.publish({ kind: 'keys', namespace, keys: envelopes.map(([key]) => key) });
    return { versions };
  }

  /** Removes the keys of the namespace matching a glob from every tier and every instance. */
  deleteByPattern(namespace: string, glob: string): Promise<number> {
    return this.coherence.invalidate({ kind: 'pattern', namespace, pattern: glob });
  }

  deleteByTags(namespace: string, tags: string[]): Promise<number> {
    return this.coherence.invalidate({ kind: 'tags', namespace, tags });
  }

  clear(namespace: string): Promise<number> {
    return this.coherence.invalidate({ kind: 'namespace', namespace });
  }

  /** Read-through with single flight in this process and across processes, and fail-safe. */
  getOrLoad<T>(
    namespace: string,
    key: string,
    loader: Loader<T>,
    options: LoadOptions = {},
  ): Promise<CacheHit<T>> {
    return this.loads.getOrLoad(namespace, key, loader, options);
  }

  /** Batched read-through: one loader call for all keys missing from every tier. */
  getOrLoadMany<T>(
    namespace: string,
    keys: string[],
    loader: BatchLoader<T>,
    options: LoadOptions = {},
  ): Promise<Map<string, CacheHit<T>>> {
    return this.loads.getOrLoadMany(namespace, keys, loader, options);
  }

  /**
   * Keys of a namespace matching a glob, a page at a time: from L2 (SCAN on every master) or, for an
   * L1-only namespace, from this instance's L1.
   */
  async scanKeys(
    namespace: string,
    glob: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<{ keys: string[]; nextCursor: string | null }> {
    compileKeyGlob(glob); // a bad glob is a 400 whatever the tiers' state, never an L2 503
    const state = this.namespaces.forRead(namespace);
    if (state.usesL2) return this.l2Access.call(state, (l2) => l2.scanKeys(namespace, glob, cursor, limit));
    const resident = Array.from(state.l1?.residents() ?? [], ([key]) => key);
    return pageKeys(resident, glob, cursor, limit);
  }

  /** How the shared parts are doing: L2's breaker and the coherence bus. */
  health(): TieredCacheHealth {
    return {
      l2: { configured: Boolean(this.options.l2), breaker: this.options.l2?.breakerState ?? 'closed' },
      bus: {
        configured: Boolean(this.options.bus),
        healthy: this.options.bus?.healthy ?? false,
        gaps: this.statistics.busGaps,
      },
    };
  }

  /** The policy the cache applies to a namespace right now (without holding the namespace). */
  policyOf(namespace: string): CachePolicy {
    return this.namespaces.policyOf(namespace);
  }

  /** The hottest keys of a namespace's L1 (cache warming uses them); none for a namespace not held. */
  hotKeys(namespace: string, k: number): string[] {
    const l1 = this.namespaces.forRead(namespace).l1;
    return l1 ? l1.topK(k).map((hot) => hot.key) : [];
  }

  /**
   * Drops expired entries from every L1 store, a bounded number per store, and releases the
   * namespaces idle for `idleNamespaceMs` (see {@link TieredCacheOptions}); returns the entries dropped.
   */
  sweep(budgetPerNamespace = 100): number {
    const removed = this.namespaces.sweep(budgetPerNamespace);
    this.namespaces.releaseIdle();
    return removed;
  }

  /** What this instance holds: namespaces, and their L1 stores' estimated memory against the budget. */
  usage(): TieredCacheUsage {
    return this.namespaces.usage();
  }

  /** @internal The state of a namespace under its current policy, held from now on (writes, loads). */
  state(namespace: string): NamespaceState {
    return this.namespaces.of(namespace);
  }

  /** L2 for a key L1 could not answer fresh; `local` is L1's stale copy, served if L2 has nothing. */
  private async readBeyondL1(
    state: NamespaceState,
    key: string,
    local: CacheHit | undefined,
  ): Promise<CacheHit | undefined> {
    validateKey(key);
    const shared = await this.l2Access.read(state, key);
    if (shared) return shared;
    if (local) state.stats.l1.staleHits++;
    return local;
  }

  /** @internal L1's hit for the key, unless the bus is down (then L1 cannot be trusted). */
  readL1(state: NamespaceState, key: string): CacheHit | undefined {
    return state.readL1(key, !this.options.bus || this.options.bus.healthy);
  }

  /** @internal */
  nextVersion(): number {
    this.lastVersion = Math.max(this.clock() * 1000, this.lastVersion + 1);
    return this.lastVersion;
  }

  private envelopeFor(policy: CachePolicy, value: unknown, options: SetOptions): CacheEnvelope {
    return newEnvelope(policy, value, options, this.clock(), this.nextVersion(), this.random());
  }
}
