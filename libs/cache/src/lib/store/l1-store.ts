import { taskClock } from '../clock/task-clock';
import type { EvictionPolicy } from '../eviction/eviction-policy';
import { createEvictionPolicy } from '../eviction/create-eviction-policy';
import { ExpiryHeap } from '../expiry/expiry-heap';
import type { HotKey } from '../hot-keys/hot-key';
import { HotKeyTracker } from '../hot-keys/hot-key-tracker';
import { FrequencySketch } from '../sketch/frequency-sketch';
import { hashKey } from '../sketch/hash-key';
import { KeyHashTable } from '../sketch/key-hash-table';
import type { EvictionReason } from './eviction-reason';
import type { L1Entry as Entry } from './l1-entry';
import type { L1Hit } from './l1-hit';
import type { L1Lookup } from './l1-lookup';
import type { L1SetOptions } from './l1-set-options';
import type { L1StoreOptions } from './l1-store-options';
import { checkBounds, checkEntry } from './check-entry';
import { HitTable } from './hit-table';
import { L1Usage } from './l1-usage';
import { ReadBuffer } from './read-buffer';

const DEFAULT_HOT_KEY_CANDIDATES = 32;
const DEFAULT_SWEEP_BUDGET = 100;
/** What `read` returns for a miss; the low bit of a hit's result, set when it is stale. */
const MISSED = -1;
const STALE = 1;
const NO_TAGS: readonly string[] = Object.freeze([]);

/**
 * The in-process (L1) tier: a bounded map of values with both an entry and a byte bound, per-entry
 * expiry with a stale-while-revalidate grace, and a pluggable eviction policy (W-TinyLFU or LRU).
 * Reads and writes are O(1) apart from the expiry heap (O(log n) for entries with a deadline).
 * Expired entries are dropped lazily when touched, by `sweep`, and before any live entry is evicted
 * for size.
 */
export class L1Store<V> {
  /** Key → entry id: a Map of small integers, the only lookup a hit makes. */
  private readonly ids = new Map<string, number>();
  private readonly hits = new HitTable<V>();
  private readonly expiry = new ExpiryHeap<Entry>();
  private readonly sketch: FrequencySketch;
  private readonly policy: EvictionPolicy;
  private readonly hotKeys: HotKeyTracker;
  private readonly keyHashes: KeyHashTable;
  private readonly reads: ReadBuffer;
  /** Resident entries by id, and the ids free for reuse. */
  private readonly byId: Array<Entry | undefined> = [];
  private readonly freeIds: number[] = [];
  private readonly clock: () => number;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly onEvict: L1StoreOptions<V>['onEvict'];
  /** Bytes held, and the store's part in a shared budget. */
  private readonly usage: L1Usage;

  constructor(options: L1StoreOptions<V>) {
    const { maxEntries, maxBytes } = options;
    checkBounds(maxEntries, maxBytes);
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.clock = options.clock ?? taskClock;
    this.onEvict = options.onEvict;
    this.usage = new L1Usage(options.budget, () => this.shed());
    this.sketch = new FrequencySketch(maxEntries);
    this.hotKeys = new HotKeyTracker(options.hotKeyCandidates ?? DEFAULT_HOT_KEY_CANDIDATES);
    this.policy = createEvictionPolicy(options.policy, {
      maximumSize: maxEntries,
      sketch: this.sketch,
      adaptive: options.adaptiveWindow,
      random: options.random,
    });
    this.keyHashes = new KeyHashTable(this.sketch);
    const lossy = this.policy.name === 'tinylfu';
    this.reads = new ReadBuffer(this.keyHashes, this.policy, this.hotKeys, this.byId, lossy);
  }

  /** Resident entries, including expired ones not yet dropped. */
  get size(): number {
    return this.ids.size;
  }

  /** Hits the policy never saw: a synchronous run's past a full read buffer (see {@link ReadBuffer}). */
  get droppedReads(): number {
    return this.reads.dropped;
  }

  /** Sum of the resident entries' sizes. */
  get bytes(): number {
    return this.usage.bytes;
  }

  /** The heap the entries take, estimated (see {@link L1Usage}): what a shared budget counts. */
  get footprint(): number {
    return this.usage.footprint;
  }

  /** The value of `key`, `stale` past its `expiresAt`; undefined when absent or past `staleUntil`. */
  get(key: string): L1Lookup<V> | undefined {
    const read = this.read(key);
    if (read === MISSED) return undefined;
    const id = read >> 1;
    if ((read & STALE) === 0) return this.hits.freshOf(id);
    return { value: this.hits.values[id] as V, stale: true };
  }

  /** `get` with the entry's stamps, as a new {@link L1Hit} (the caller's own): the tiered cache's read. */
  hit(key: string): L1Hit<V> | undefined {
    const read = this.read(key);
    return read === MISSED ? undefined : this.hits.hitOf(read >> 1, (read & STALE) !== 0);
  }

  /** Whether `get` would serve `key` (fresh or stale). Not counted as an access. */
  has(key: string): boolean {
    return this.live(key) !== undefined;
  }

  /**
   * Stores `value` (replacing any previous one), then evicts until both bounds hold again, and
   * then the shared budget's (if any, from whichever store is largest); under `tinylfu` that may
   * be the new entry itself if it is less popular than the victim.
   * @throws CacheError `ENTRY_TOO_LARGE` when `size > maxBytes` (nothing changes), `INVALID_ENTRY`.
   */
  set(key: string, value: V, options: L1SetOptions): void {
    const { size } = options;
    const expiresAt = options.expiresAt ?? Infinity;
    const deadline = options.staleUntil ?? expiresAt;
    checkEntry(key, size, expiresAt, deadline, this.maxBytes);

    // Buffered hits count before this write's own increment and before any admission contest.
    this.reads.drain();
    const id = this.ids.get(key);
    let entry = id === undefined ? undefined : this.byId[id];
    if (entry) {
      this.usage.change(size - entry.size);
      this.expiry.remove(entry);
      entry.size = size;
      entry.deadline = deadline;
      this.policy.onUpdate(entry.id);
    } else {
      entry = this.add(key, size, deadline);
    }
    const { createdAt = this.clock(), version = 0, tags = NO_TAGS } = options;
    this.hits.put(entry.id, value, expiresAt, deadline, createdAt, version, tags);
    if (Number.isFinite(deadline)) this.expiry.push(entry);
    this.keyHashes.increment(entry.id);
    while (this.ids.size > this.maxEntries || this.usage.bytes > this.maxBytes) if (!this.shed()) break;
    this.usage.settle();
  }

  /** Removes `key`; `onEvict` gets reason `explicit`. Returns whether it was resident. */
  delete(key: string): boolean {
    const entry = this.entryOf(key);
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
   * Every resident key with its value and tags, expired ones included (for invalidation by pattern
   * or tag, which is rare: O(n) over this store only).
   */
  *residents(): IterableIterator<[string, V, readonly string[]]> {
    for (const [key, id] of this.ids)
      yield [key, this.hits.values[id] as V, this.hits.tags[id] as readonly string[]];
  }

  /** The `k` hottest resident keys by sketch frequency, hottest first (see {@link HotKeyTracker}). */
  topK(k: number): HotKey[] {
    this.reads.drain();
    return this.hotKeys.top(k, (key) => (this.ids.has(key) ? this.sketch.frequency(hashKey(key)) : 0));
  }

  /**
   * Evicts one entry, as a bound does: an expired one if any is due, else the policy's victim
   * (reason `size`). Returns false when there is nothing to evict. A shared budget calls it.
   */
  shed(): boolean {
    const due = this.expiry.peek();
    if (due && due.deadline <= this.clock()) {
      this.remove(due, 'expired');
      return true;
    }
    // An `onEvict` callback may have read the store since the last drain.
    this.reads.drain();
    const victim = this.policy.victim();
    const entry = victim < 0 ? undefined : this.byId[victim];
    if (!entry) return false;
    this.remove(entry, 'size');
    return true;
  }

  /** Empties the store and leaves its shared budget, for a store that is being dropped. */
  close(): void {
    this.clear();
    this.usage.leave();
  }

  /** Empties the store without calling `onEvict`; frequencies are forgotten too. */
  clear(): void {
    this.reads.discard();
    this.ids.clear();
    this.hits.clear();
    this.byId.length = 0;
    this.freeIds.length = 0;
    this.expiry.clear();
    this.policy.clear();
    this.hotKeys.clear();
    this.sketch.clear();
    this.usage.clear();
  }

  /** The entry of `key` if it may still be served; drops it (reason `expired`) if not. */
  private live(key: string): Entry | undefined {
    const entry = this.entryOf(key);
    if (entry && this.clock() >= entry.deadline) {
      this.remove(entry, 'expired');
      return undefined;
    }
    return entry;
  }

  private entryOf(key: string): Entry | undefined {
    const id = this.ids.get(key);
    return id === undefined ? undefined : this.byId[id];
  }

  /**
   * A read of `key`, counted: {@link MISSED}, or the id shifted left by one with the {@link STALE}
   * bit: one small integer, so `get` and `hit` share it with no allocation or field in between.
   */
  private read(key: string): number {
    const id = this.ids.get(key);
    if (id === undefined) return this.miss(undefined);
    const { hits } = this;
    const deadline = hits.deadlineOf(id);
    // One clock read per hit, none for entries that never expire.
    const now = deadline === Infinity ? 0 : this.clock();
    if (now >= deadline) return this.miss(this.byId[id]);
    this.reads.record(id);
    return (id << 1) | (now >= hits.expiresAtOf(id) ? STALE : 0);
  }

  /** A read that serves nothing; `expired` is the entry it found past its deadline, if any. */
  private miss(expired: Entry | undefined): typeof MISSED {
    this.reads.drain();
    if (expired) this.remove(expired, 'expired');
    this.policy.onMiss();
    return MISSED;
  }

  /** Makes `key` resident under a free id (every field set in one literal: one shape for all entries). */
  private add(key: string, size: number, deadline: number): Entry {
    const id = this.freeIds.pop() ?? this.byId.length;
    const entry: Entry = { key, id, size, deadline, heapIndex: -1 };
    const hash = hashKey(key);
    this.ids.set(key, id);
    this.byId[id] = entry;
    this.usage.change(size, 1, key.length);
    this.keyHashes.set(id, hash);
    this.policy.onAdd(id, hash);
    return entry;
  }

  private remove(entry: Entry, reason: EvictionReason): void {
    // A buffered hit must not outlive its entry: the id is reused by the next one.
    this.reads.drain();
    this.ids.delete(entry.key);
    this.byId[entry.id] = undefined;
    const value = this.hits.values[entry.id] as V;
    this.hits.forget(entry.id);
    this.freeIds.push(entry.id);
    this.expiry.remove(entry);
    this.policy.onRemove(entry.id);
    this.hotKeys.remove(entry.key);
    this.usage.change(-entry.size, -1, entry.key.length);
    this.onEvict?.(entry.key, value, reason);
  }
}
