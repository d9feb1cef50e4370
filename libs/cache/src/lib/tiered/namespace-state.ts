import type { CacheEnvelope } from '../entry/cache-envelope';
import type { CacheHit } from './cache-hit';
import { encodedSize } from './envelope-hit';
import type { CachePolicy } from '../policy/cache-policy';
import type { NamespaceStats } from '../stats/namespace-stats';
import type { L1ByteBudget } from '../store/l1-byte-budget';
import { L1Store } from '../store/l1-store';

/** L1 hits are timed 1 in 16 (a clock read costs as much as the hit itself); L2 calls always. */
const L1_LATENCY_SAMPLE = 16;

/** What a held namespace's L1 store is built with. */
export interface L1Settings {
  clock: () => number;
  /** The byte budget every namespace's L1 shares, if any. */
  budget?: L1ByteBudget;
}

/**
 * A namespace as one instance sees it: its policy, its L1 store (if the policy has one), its
 * counters. A *held* state is the registry's (built with `l1` settings). A state built without
 * them is a *view* of a namespace the instance does not hold: no L1, the shared `unheld`
 * counters, nothing kept after the read that made it.
 */
export class NamespaceState {
  readonly l1: L1Store<unknown> | undefined;
  readonly usesL2: boolean;
  /** Whether the registry holds this state (false: a view for one read). */
  readonly held: boolean;
  /** The policy source's revision when `policy` was last confirmed (see NamespaceRegistry). */
  revision: number | undefined;
  /** Set by every access, cleared by the registry's idle check; see `idleSince`. */
  touched = true;
  /** When the idle check last found this state touched (or it was made), on the cache's clock. */
  idleSince = 0;
  private l1Reads = 0;

  constructor(
    readonly policy: CachePolicy,
    readonly stats: NamespaceStats,
    l1: L1Settings | undefined,
  ) {
    this.usesL2 = policy.tiers.includes('l2');
    this.held = l1 !== undefined;
    this.l1 =
      l1 !== undefined && policy.tiers.includes('l1')
        ? new L1Store<unknown>({
            maxEntries: policy.maxEntries,
            maxBytes: policy.maxBytes,
            clock: l1.clock,
            budget: l1.budget,
            onEvict: (_key, _value, reason) => {
              if (reason !== 'explicit') stats.l1.evictions++;
            },
          })
        : undefined;
  }

  /** Whether a new policy needs a new state (different tiers or bounds); TTLs apply without one. */
  needsRebuildFor(next: CachePolicy): boolean {
    return (
      next.maxEntries !== this.policy.maxEntries ||
      next.maxBytes !== this.policy.maxBytes ||
      next.tiers.join() !== this.policy.tiers.join()
    );
  }

  /**
   * The key's L1 hit (stale ones flagged), counted and sampled for latency; undefined when the
   * namespace has no L1, L1 cannot be trusted (`trusted` false: the bus is down) or it misses.
   * Each read gets its own hit object; its value and (frozen) tags are the stored ones.
   */
  readL1(key: string, trusted: boolean): CacheHit | undefined {
    const l1 = this.l1;
    if (l1 === undefined || !trusted) return undefined;
    const sampled = ++this.l1Reads % L1_LATENCY_SAMPLE === 0;
    const started = sampled ? performance.now() : 0;
    const found = l1.hit(key);
    if (sampled) this.stats.l1.latency.record(performance.now() - started);
    if (found === undefined) this.stats.l1.misses++;
    // A stale hit is counted if it is served: only when nothing beyond L1 answers.
    else if (!found.stale) this.stats.l1.hits++;
    return found;
  }

  /** Keeps the envelope's value and stamps in this namespace's L1 (no-op without L1); `size`: its encoding. */
  storeL1(key: string, envelope: CacheEnvelope, size = encodedSize(envelope.value)): void {
    this.l1?.set(key, envelope.value, {
      size,
      expiresAt: envelope.expiresAt,
      staleUntil: envelope.staleUntil,
      createdAt: envelope.createdAt,
      version: envelope.version,
      tags: envelope.tags,
    });
  }

  /** Empties the L1 store and takes it out of the shared budget: the registry dropped this state. */
  close(): void {
    this.l1?.close();
  }
}
