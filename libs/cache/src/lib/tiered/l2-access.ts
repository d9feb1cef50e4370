import type { CacheEnvelope } from '../entry/cache-envelope';
import { CacheError } from '../errors/cache.error';
import type { CacheHit } from './cache-hit';
import { hitOf } from './envelope-hit';
import type { L2Port } from './l2-port';
import type { NamespaceState } from './namespace-state';

/**
 * L2 reads timed: one in 8. Two clock reads are a measurable share of a pipelined Redis GET (see
 * docs/benchmarks.md); at the rates where that matters, 1 in 8 still gives every percentile
 * thousands of samples.
 */
export const L2_LATENCY_SAMPLE = 8;
/** Key options of a read, shared: a read makes no options object of its own. */
const HASH_TAG = Object.freeze({ hashTag: true });
const SPREAD = Object.freeze({ hashTag: false });
const NOTHING = Promise.resolve(undefined);

/**
 * The tiered cache's way to L2: timed reads that count as misses when L2 fails (and back-fill L1
 * when the bus can be trusted), and writes that count their failures and rethrow them. A read
 * through a view of a namespace the instance does not hold that finds a live value has the
 * namespace held (`adopt`): it exists, so it gets its L1 and its statistics row from that hit on.
 */
export class L2Access {
  constructor(
    private readonly l2: L2Port | undefined,
    private readonly clock: () => number,
    private readonly l1Trusted: () => boolean,
    private readonly adopt: (view: NamespaceState) => NamespaceState = (view) => view,
  ) {}

  /**
   * Reads L2 and back-fills L1; an L2 failure reads as a miss. Hits, misses and errors are counted
   * on every read; the latency of one read in {@link L2_LATENCY_SAMPLE} is timed and recorded with
   * the weight of the reads it stands for. No async frame: the tier's promise is chained once.
   */
  read(state: NamespaceState, key: string): Promise<CacheHit | undefined> {
    if (!state.usesL2 || !this.l2) return NOTHING;
    const stats = state.stats.l2;
    const weight = stats.latency.sample(L2_LATENCY_SAMPLE);
    const started = weight === 0 ? 0 : performance.now();
    let reading: Promise<CacheEnvelope | undefined>;
    try {
      reading = this.l2.get(state.policy.namespace, key, state.policy.hashTag ? HASH_TAG : SPREAD);
    } catch {
      stats.errors++;
      return NOTHING;
    }
    return reading.then(
      (envelope) => {
        if (weight !== 0) stats.latency.record(performance.now() - started, weight);
        const owner = state.held || !this.live(envelope) ? state : this.adopted(state, 1);
        return this.accept(owner, key, envelope);
      },
      () => {
        stats.errors++;
        return undefined;
      },
    );
  }

  async readMany(state: NamespaceState, keys: string[]): Promise<Map<string, CacheHit>> {
    const hits = new Map<string, CacheHit>();
    if (!state.usesL2 || !this.l2) return hits;
    let envelopes: Map<string, CacheEnvelope>;
    const started = performance.now();
    try {
      envelopes = await this.l2.mget(state.policy.namespace, keys, state.policy.hashTag ? HASH_TAG : SPREAD);
    } catch {
      state.stats.l2.errors++;
      return hits;
    }
    state.stats.l2.latency.record(performance.now() - started);
    const owner =
      state.held || ![...envelopes.values()].some((envelope) => this.live(envelope))
        ? state
        : this.adopted(state, keys.length);
    for (const key of keys) {
      const hit = this.accept(owner, key, envelopes.get(key));
      if (hit) hits.set(key, hit);
    }
    return hits;
  }

  private live(envelope: CacheEnvelope | undefined): boolean {
    return envelope !== undefined && envelope.staleUntil > this.clock();
  }

  /**
   * The held state of a view's namespace, counting the `l1Misses` its read made: a namespace held
   * with an L1 would have missed there too, so its first read looks as any other.
   */
  private adopted(view: NamespaceState, l1Misses: number): NamespaceState {
    const held = this.adopt(view);
    if (held.l1 !== undefined && this.l1Trusted()) held.stats.l1.misses += l1Misses;
    return held;
  }

  private accept(
    state: NamespaceState,
    key: string,
    envelope: CacheEnvelope | undefined,
  ): CacheHit | undefined {
    const now = this.clock();
    if (!envelope || envelope.staleUntil <= now) {
      state.stats.l2.misses++;
      return undefined;
    }
    const stale = now >= envelope.expiresAt;
    if (stale) state.stats.l2.staleHits++;
    else state.stats.l2.hits++;
    // Without an L1 there is nothing to fill: skip the call, whose default size argument packs the value.
    if (state.l1 !== undefined && this.l1Trusted()) state.storeL1(key, envelope);
    return hitOf(envelope, 'l2', stale);
  }

  async write(state: NamespaceState, entries: Array<[string, CacheEnvelope]>): Promise<void> {
    const options = { compressAboveBytes: state.policy.compressAboveBytes, hashTag: state.policy.hashTag };
    await this.call(state, (l2) =>
      entries.length === 1
        ? l2.set(state.policy.namespace, entries[0][0], entries[0][1], options)
        : l2.mset(state.policy.namespace, entries, options),
    );
    state.stats.l2.sets += entries.length;
  }

  async call<R>(state: NamespaceState, call: (l2: L2Port) => Promise<R>): Promise<R> {
    const l2 = this.l2;
    if (!l2)
      throw new CacheError(
        'L2_UNAVAILABLE',
        `namespace ${state.policy.namespace} uses L2 but no L2 is configured`,
      );
    try {
      return await call(l2);
    } catch (error) {
      state.stats.l2.errors++;
      throw error;
    }
  }
}
