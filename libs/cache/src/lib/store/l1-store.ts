import { taskClock } from '../clock/task-clock';
import { CacheError } from '../errors/cache.error';
import type { EvictionPolicy } from '../eviction/eviction-policy';
import { LruPolicy } from '../eviction/lru-policy';
import { WTinyLfuPolicy } from '../eviction/w-tiny-lfu-policy';
import { ExpiryHeap } from '../expiry/expiry-heap';
import type { HotKey } from '../hot-keys/hot-key';
import { HotKeyTracker } from '../hot-keys/hot-key-tracker';
import { FrequencySketch } from '../sketch/frequency-sketch';
import { hashKey } from '../sketch/hash-key';
import type { EvictionReason } from './eviction-reason';
import type { L1Lookup } from './l1-lookup';
import type { L1SetOptions } from './l1-set-options';
import type { L1StoreOptions } from './l1-store-options';

interface Entry<V> {
  readonly key: string;
  readonly hash: number;
  value: V;
  size: number;
  expiresAt: number;
  /** `staleUntil`: never served at or after this time; the expiry heap's key. */
  deadline: number;
  heapIndex: number;
  /** The key's sketch slots and policy node, computed once so that a hit neither hashes nor looks up. */
  readonly slots: Int32Array;
  handle: object;
  /** What a fresh hit returns, made once per write: a hit allocates nothing. */
  fresh: L1Lookup<V>;
}

const DEFAULT_HOT_KEY_CANDIDATES = 32;
const DEFAULT_SWEEP_BUDGET = 100;

/**
 * The in-process (L1) tier: a bounded map of values with both an entry and a byte bound, per-entry
 * expiry with a stale-while-revalidate grace, and a pluggable eviction policy (W-TinyLFU or LRU).
 * Reads and writes are O(1) apart from the expiry heap (O(log n) for entries with a deadline).
 * Expired entries are dropped lazily when touched, by `sweep`, and before any live entry is evicted
 * for size.
 */
export class L1Store<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly expiry = new ExpiryHeap<Entry<V>>();
  private readonly sketch: FrequencySketch;
  private readonly policy: EvictionPolicy;
  private readonly hotKeys: HotKeyTracker;
  private readonly clock: () => number;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly onEvict: L1StoreOptions<V>['onEvict'];
  private totalBytes = 0;

  constructor(options: L1StoreOptions<V>) {
    const { maxEntries, maxBytes } = options;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new CacheError('INVALID_OPTIONS', `maxEntries must be a positive integer, got ${maxEntries}`);
    }
    if (!(maxBytes > 0)) {
      throw new CacheError('INVALID_OPTIONS', `maxBytes must be positive, got ${maxBytes}`);
    }
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.clock = options.clock ?? taskClock;
    this.onEvict = options.onEvict;
    this.sketch = new FrequencySketch(maxEntries);
    this.hotKeys = new HotKeyTracker(options.hotKeyCandidates ?? DEFAULT_HOT_KEY_CANDIDATES);
    this.policy =
      options.policy === 'lru'
        ? new LruPolicy()
        : new WTinyLfuPolicy({
            maximumSize: maxEntries,
            sketch: this.sketch,
            adaptive: options.adaptiveWindow,
            random: options.random,
          });
  }

  /** Resident entries, including expired ones not yet dropped. */
  get size(): number {
    return this.entries.size;
  }

  /** Sum of the resident entries' sizes. */
  get bytes(): number {
    return this.totalBytes;
  }

  /** The value of `key`, `stale` past its `expiresAt`; undefined when absent or past `staleUntil`. */
  get(key: string): L1Lookup<V> | undefined {
    const entry = this.entries.get(key);
    // One clock read per hit, none for entries that never expire.
    const now = entry === undefined || entry.deadline === Infinity ? 0 : this.clock();
    if (entry === undefined || now >= entry.deadline) {
      if (entry) this.remove(entry, 'expired');
      this.policy.onMiss(key);
      return undefined;
    }
    const frequency = this.sketch.incrementSlots(entry.slots);
    this.policy.onHit(entry.handle);
    // Only keys hotter than the coldest candidate touch the hot-key heap.
    if (frequency > this.hotKeys.floor) this.hotKeys.record(key, frequency);
    return now >= entry.expiresAt ? { value: entry.value, stale: true } : entry.fresh;
  }

  /** Whether `get` would serve `key` (fresh or stale). Not counted as an access. */
  has(key: string): boolean {
    return this.live(key) !== undefined;
  }

  /**
   * Stores `value` (replacing any previous one), then evicts until both bounds hold again; under
   * `tinylfu` that may be the new entry itself if it is less popular than the victim.
   * @throws CacheError `ENTRY_TOO_LARGE` when `size > maxBytes` (nothing changes), `INVALID_ENTRY`.
   */
  set(key: string, value: V, options: L1SetOptions): void {
    const { size } = options;
    const expiresAt = options.expiresAt ?? Infinity;
    const deadline = options.staleUntil ?? expiresAt;
    if (!Number.isFinite(size) || size < 0) {
      throw new CacheError('INVALID_ENTRY', `size of "${key}" must be a finite number ≥ 0, got ${size}`);
    }
    if (Number.isNaN(expiresAt) || Number.isNaN(deadline) || deadline < expiresAt) {
      throw new CacheError('INVALID_ENTRY', `staleUntil of "${key}" must be ≥ expiresAt`);
    }
    if (size > this.maxBytes) {
      throw new CacheError(
        'ENTRY_TOO_LARGE',
        `"${key}" is ${size} bytes, more than maxBytes ${this.maxBytes}`,
      );
    }

    let entry = this.entries.get(key);
    if (entry) {
      this.totalBytes += size - entry.size;
      this.expiry.remove(entry);
      Object.assign(entry, { value, size, expiresAt, deadline, fresh: freeze(value) });
      this.policy.onUpdate(key);
    } else {
      const hash = hashKey(key);
      entry = {
        key,
        hash,
        value,
        size,
        expiresAt,
        deadline,
        heapIndex: -1,
        slots: this.sketch.slotsOf(hash),
        handle: {},
        fresh: freeze(value),
      };
      this.entries.set(key, entry);
      this.totalBytes += size;
      entry.handle = this.policy.onAdd(key, hash);
    }
    if (Number.isFinite(deadline)) this.expiry.push(entry);
    this.sketch.incrementSlots(entry.slots);
    this.enforceBounds();
  }

  /** Removes `key`; `onEvict` gets reason `explicit`. Returns whether it was resident. */
  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.remove(entry, 'explicit');
    return true;
  }

  /**
   * Drops up to `budget` entries past their `staleUntil`, soonest first, and returns how many. Costs
   * O(budget × log n) whatever the cache size: it only ever looks at the top of the expiry heap.
   */
  sweep(budget = DEFAULT_SWEEP_BUDGET): number {
    const now = this.clock();
    let removed = 0;
    for (
      let next = this.expiry.peek();
      next && next.deadline <= now && removed < budget;
      next = this.expiry.peek()
    ) {
      this.remove(next, 'expired');
      removed++;
    }
    return removed;
  }

  /**
   * Every resident key with its value, expired ones included (for invalidation by pattern or tag,
   * which is rare: O(n) over this store only).
   */
  *residents(): IterableIterator<[string, V]> {
    for (const [key, entry] of this.entries) yield [key, entry.value];
  }

  /** The `k` hottest resident keys by sketch frequency, hottest first (see {@link HotKeyTracker}). */
  topK(k: number): HotKey[] {
    return this.hotKeys.top(k, (key) => {
      const entry = this.entries.get(key);
      return entry ? this.sketch.frequency(entry.hash) : 0;
    });
  }

  /** Empties the store without calling `onEvict`; frequencies are forgotten too. */
  clear(): void {
    this.entries.clear();
    this.expiry.clear();
    this.policy.clear();
    this.hotKeys.clear();
    this.sketch.clear();
    this.totalBytes = 0;
  }

  /** The entry of `key` if it may still be served; drops it (reason `expired`) if not. */
  private live(key: string): Entry<V> | undefined {
    const entry = this.entries.get(key);
    if (entry && this.clock() >= entry.deadline) {
      this.remove(entry, 'expired');
      return undefined;
    }
    return entry;
  }

  private enforceBounds(): void {
    while (this.entries.size > this.maxEntries || this.totalBytes > this.maxBytes) {
      const due = this.expiry.peek();
      if (due && due.deadline <= this.clock()) {
        this.remove(due, 'expired');
        continue;
      }
      const victim = this.policy.victim();
      const entry = victim === undefined ? undefined : this.entries.get(victim);
      if (!entry) return;
      this.remove(entry, 'size');
    }
  }

  private remove(entry: Entry<V>, reason: EvictionReason): void {
    this.entries.delete(entry.key);
    this.expiry.remove(entry);
    this.policy.onRemove(entry.key);
    this.hotKeys.remove(entry.key);
    this.totalBytes -= entry.size;
    this.onEvict?.(entry.key, entry.value, reason);
  }
}

function freeze<V>(value: V): L1Lookup<V> {
  return Object.freeze({ value, stale: false });
}
