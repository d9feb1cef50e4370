import { randomBytes } from 'node:crypto';
import { CircuitBreaker, type CircuitState } from '@hotpath/resilience';
import type { Cluster, Redis } from 'ioredis';
import type { CacheEnvelope } from '../entry/cache-envelope';
import { CacheError } from '../errors/cache.error';
import { EnvelopeCodec } from './envelope-codec';
import { GetBatcher } from './get-batcher';
import { groupBySlot } from './group-by-slot';
import { L2_BREAKER_DEFAULTS } from './l2-breaker-defaults';
import { L2CallGuard } from './l2-call-guard';
import type { L2KeyOptions } from './l2-key-options';
import { L2Keys } from './l2-keys';
import type { L2ScanPage } from './l2-scan-page';
import type { L2SetOptions } from './l2-set-options';
import { MasterScanner } from './master-scanner';
import type { RedisL2TierOptions } from './redis-l2-tier-options';
import releaseLockScript from './release-lock.lua';
import { scanCursor } from './scan-cursor';
import { SlotPipelines } from './slot-pipelines';

type WithReleaseLock = { hotpathReleaseLock(key: string, token: string): Promise<number> };

const MAX_PAGE = 1000;
const SSCAN_COUNT = 1000;
const identity = <T>(value: T): T => value;

/**
 * The shared (L2) tier on Redis or Redis Cluster: envelopes stored msgpack-encoded (compressed
 * above a threshold) with PX = staleUntil − now, tag sets for invalidation by tag, SCAN-based
 * pattern deletes and paging on every master, and locks. Every round trip is bounded by
 * `operationTimeoutMs` and goes through a circuit breaker (`@hotpath/resilience`), so a slow or
 * dead Redis costs a caller at most the timeout, then nothing while the breaker is open.
 */
export class RedisL2Tier {
  private readonly redis: Redis | Cluster;
  private readonly keys: L2Keys;
  private readonly codec = new EnvelopeCodec();
  readonly breaker: CircuitBreaker;
  private readonly calls: L2CallGuard;
  private readonly scanner: MasterScanner;
  private corrupt = 0;
  /** The GETs of one tick, sent as one MGET per slot (see {@link GetBatcher}). */
  private readonly reads: GetBatcher<CacheEnvelope | undefined>;
  /** The batcher's commands, made once so that a read makes no closures of its own. */
  private readonly getBuffer = (redisKey: string) => this.redis.getBuffer(redisKey);
  private readonly mgetBuffer = (redisKeys: string[]) => this.redis.mgetBuffer(redisKeys);

  constructor(options: RedisL2TierOptions) {
    this.redis = options.redis;
    this.keys = new L2Keys(options.keyPrefix ?? 'hp');
    const timeoutMs = options.operationTimeoutMs ?? 100;
    if (!(timeoutMs > 0)) {
      throw new CacheError('INVALID_OPTIONS', `operationTimeoutMs must be positive, got ${timeoutMs}`);
    }
    this.breaker =
      options.breaker instanceof CircuitBreaker
        ? options.breaker
        : new CircuitBreaker({ ...L2_BREAKER_DEFAULTS, ...options.breaker });
    this.calls = new L2CallGuard(this.breaker, timeoutMs);
    this.reads = new GetBatcher(
      {
        getOne: (redisKey) => this.calls.call('GET', this.getBuffer, redisKey, identity),
        getMany: (redisKeys) => this.calls.call('MGET', this.mgetBuffer, redisKeys, identity),
        cluster: this.redis.isCluster,
      },
      (stored) => (stored ? this.decode(stored) : undefined),
    );
    this.scanner = new MasterScanner(this.redis, (what, work) => this.guard(what, work));
    if (!('hotpathReleaseLock' in this.redis)) {
      this.redis.defineCommand('hotpathReleaseLock', { numberOfKeys: 1, lua: releaseLockScript });
    }
  }

  get breakerState(): CircuitState {
    return this.breaker.state;
  }

  /** Stored values that could not be decoded and were answered as misses. */
  get corruptReads(): number {
    return this.corrupt;
  }

  /**
   * The live envelope of `key`; undefined when absent, expired or undecodable (counted as corrupt).
   * Sent on the next tick, in one MGET with the other reads of this tick that share its slot.
   */
  get(ns: string, key: string, options?: L2KeyOptions): Promise<CacheEnvelope | undefined> {
    let redisKey: string;
    try {
      redisKey = this.keys.entry(ns, key, options?.hashTag);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.reads.get(redisKey);
  }

  /** Hits only; one MGET per slot, all sent at once (one MGET on a standalone server). */
  async mget(ns: string, keys: string[], options: L2KeyOptions = {}): Promise<Map<string, CacheEnvelope>> {
    const wanted = [...new Set(keys)].map((key) => ({
      key,
      redisKey: this.keys.entry(ns, key, options.hashTag),
    }));
    const hits = new Map<string, CacheEnvelope>();
    if (wanted.length === 0) return hits;
    const groups = this.redis.isCluster
      ? [...groupBySlot(wanted, (item) => item.redisKey).values()]
      : [wanted];
    const replies = await this.guard('MGET', () =>
      Promise.all(groups.map((group) => this.redis.mgetBuffer(...group.map((item) => item.redisKey)))),
    );
    groups.forEach((group, g) =>
      group.forEach((item, i) => {
        const stored = replies[g][i];
        const envelope = stored ? this.decode(stored) : undefined;
        if (envelope) hits.set(item.key, envelope);
      }),
    );
    return hits;
  }

  /**
   * Stores the envelope until its `staleUntil` and adds the key to the set of each of its tags.
   * An envelope already past `staleUntil` is not stored: the key is deleted instead, so an older
   * value cannot outlive a newer write.
   * @throws CacheError `VALUE_TOO_LARGE` (before touching Redis), `INVALID_ENTRY`, `L2_*`.
   */
  async set(ns: string, key: string, envelope: CacheEnvelope, options: L2SetOptions = {}): Promise<void> {
    await this.mset(ns, [[key, envelope]], options);
  }

  /** `set` for many entries: one pipeline per slot, all sent at once. */
  async mset(ns: string, entries: Array<[string, CacheEnvelope]>, options: L2SetOptions = {}): Promise<void> {
    const now = Date.now();
    const pipelines = new SlotPipelines(this.redis);
    for (const [key, envelope] of entries) {
      const redisKey = this.keys.entry(ns, key, options.hashTag);
      if (Number.isNaN(envelope.staleUntil))
        throw new CacheError('INVALID_ENTRY', `staleUntil of "${key}" is not a number`);
      const ttlMs = Math.ceil(envelope.staleUntil - now);
      if (ttlMs <= 0) {
        pipelines.add(redisKey, (p) => p.unlink(redisKey));
        continue;
      }
      const value = this.codec.encode(envelope, options.compressAboveBytes);
      const forever = !Number.isFinite(ttlMs);
      pipelines.add(redisKey, (p) =>
        forever ? p.set(redisKey, value) : p.set(redisKey, value, 'PX', ttlMs),
      );
      for (const tag of new Set(envelope.tags)) {
        addToTagSet(pipelines, this.keys.tagSet(ns, tag), redisKey, forever ? undefined : ttlMs);
      }
    }
    if (pipelines.size > 0) await this.guard('SET', () => pipelines.exec());
  }

  /** UNLINKs the keys, one command per slot; returns how many existed. */
  async delete(ns: string, keys: string[], options: L2KeyOptions = {}): Promise<number> {
    const redisKeys = [...new Set(keys)].map((key) => this.keys.entry(ns, key, options.hashTag));
    return this.guard('UNLINK', () => this.unlinkBySlot(redisKeys));
  }

  /** Deletes the entries of `ns` whose key matches the glob (`*`, `?`, `[...]`), on every master. */
  async deleteByPattern(ns: string, glob: string): Promise<number> {
    return this.scanner.unlinkMatching(this.keys.entryPattern(ns, glob));
  }

  /**
   * Deletes every entry written with any of `tags` (read from each tag set with SSCAN, UNLINKed
   * per slot), then the tag sets; returns how many entries existed.
   */
  async deleteByTags(ns: string, tags: string[]): Promise<number> {
    let removed = 0;
    for (const tag of new Set(tags)) {
      const tagSet = this.keys.tagSet(ns, tag);
      let cursor = '0';
      do {
        const [next, members] = await this.guard('SSCAN', () =>
          this.redis.sscan(tagSet, cursor, 'COUNT', SSCAN_COUNT),
        );
        cursor = next;
        if (members.length > 0) removed += await this.guard('UNLINK', () => this.unlinkBySlot(members));
      } while (cursor !== '0');
      await this.guard('UNLINK', () => this.redis.unlink(tagSet));
    }
    return removed;
  }

  /** Deletes every key of `ns` (entries, tag sets, locks) on every master; returns how many. */
  /** Removes every key of `ns` (entries, tag sets, locks); returns how many ENTRIES were removed. */
  async clear(ns: string): Promise<number> {
    const entries = await this.scanner.unlinkMatching(this.keys.entryPattern(ns, '*'));
    await this.scanner.unlinkMatching(this.keys.namespacePattern(ns));
    return entries;
  }

  /**
   * A page of at most `limit` (≤ 1000) user keys of `ns` matching the glob, across every master;
   * pass `nextCursor` back until it is null. Keys written or deleted while paging may or may not
   * appear (SCAN's guarantee); every key present throughout appears exactly once.
   */
  async scanKeys(ns: string, glob: string, cursor: string | undefined, limit: number): Promise<L2ScanPage> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw new CacheError('INVALID_OPTIONS', `limit must be an integer from 1 to ${MAX_PAGE}, got ${limit}`);
    }
    const pattern = this.keys.entryPattern(ns, glob);
    const from = cursor === undefined ? { master: 0, cursor: '0' } : scanCursor.decode(cursor);
    const page = await this.scanner.page(pattern, from, limit);
    return {
      keys: page.redisKeys.map((redisKey) => this.keys.userKey(ns, redisKey)),
      nextCursor: page.next ? scanCursor.encode(page.next) : null,
    };
  }

  /** SET NX PX with a random token: the token if acquired, undefined if someone holds the lock. */
  async acquireLock(ns: string, key: string, ttlMs: number): Promise<string | undefined> {
    if (!Number.isInteger(ttlMs) || ttlMs < 1) {
      throw new CacheError('INVALID_OPTIONS', `a lock's ttlMs must be a positive integer, got ${ttlMs}`);
    }
    const lockKey = this.keys.lock(ns, key);
    const token = randomBytes(16).toString('base64url');
    const reply = await this.guard('SET NX', () => this.redis.set(lockKey, token, 'PX', ttlMs, 'NX'));
    return reply === 'OK' ? token : undefined;
  }

  /** Releases the lock if `token` still holds it (compare-and-delete in Lua); returns whether it did. */
  async releaseLock(ns: string, key: string, token: string): Promise<boolean> {
    const lockKey = this.keys.lock(ns, key);
    const redis = this.redis as (Redis | Cluster) & WithReleaseLock;
    return (await this.guard('release lock', () => redis.hotpathReleaseLock(lockKey, token))) === 1;
  }

  private async unlinkBySlot(redisKeys: string[]): Promise<number> {
    if (redisKeys.length === 0) return 0;
    if (!this.redis.isCluster) return this.redis.unlink(...redisKeys);
    const counts = await Promise.all(
      [...groupBySlot(redisKeys, (redisKey) => redisKey).values()].map((group) =>
        this.redis.unlink(...group),
      ),
    );
    return counts.reduce((sum, count) => sum + count, 0);
  }

  private decode(stored: Buffer): CacheEnvelope | undefined {
    const envelope = this.codec.decode(stored);
    if (!envelope) {
      this.corrupt++;
      return undefined;
    }
    return envelope.staleUntil > Date.now() ? envelope : undefined;
  }

  private guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    return this.calls.run(what, work);
  }
}

/**
 * SADD the entry to a tag set and make the set live at least as long as the entry: PEXPIRE NX
 * gives a new set its first TTL, PEXPIRE GT only ever lengthens it; an entry without expiry
 * makes the set persistent. Members whose entry expired or was rewritten without the tag stay
 * until the set expires; deleting them by tag is a harmless extra invalidation.
 */
function addToTagSet(
  pipelines: SlotPipelines,
  tagSet: string,
  redisKey: string,
  ttlMs: number | undefined,
): void {
  pipelines.add(tagSet, (p) => p.sadd(tagSet, redisKey));
  if (ttlMs === undefined) {
    pipelines.add(tagSet, (p) => p.persist(tagSet));
    return;
  }
  pipelines.add(tagSet, (p) => p.pexpire(tagSet, ttlMs, 'NX'));
  pipelines.add(tagSet, (p) => p.pexpire(tagSet, ttlMs, 'GT'));
}
