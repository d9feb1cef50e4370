import type { CachePolicy } from '../policy/cache-policy';
import type { PolicySource } from '../policy/policy-source';
import { validateNamespace } from '../policy/validate-key';
import type { CacheStatistics } from '../stats/cache-statistics';
import { L1ByteBudget } from '../store/l1-byte-budget';
import { NamespaceState } from './namespace-state';
import type { TieredCacheUsage } from './tiered-cache-options';

/** How long a namespace without a policy of its own is kept after its last access, by default. */
export const DEFAULT_IDLE_NAMESPACE_MS = 10 * 60_000;

export interface NamespaceRegistryOptions {
  policies: PolicySource;
  statistics: CacheStatistics;
  clock: () => number;
  /** Bytes all L1 stores may hold together (besides each one's own bounds); default no such bound. */
  l1MaxBytes?: number;
  /** A namespace without a policy of its own, not accessed for this long, is released; default 10 minutes. */
  idleMs?: number;
}

/**
 * The namespaces one instance holds, each with its current policy, L1 store and statistics row.
 * A namespace is held once it is known to exist: from a write (`of`), when it has a policy of its
 * own, or when a read finds one of its keys in L2 (`adopt`). A read of any other namespace gets a
 * view (`forRead`): it reads L2 and keeps nothing, so made-up names cost no memory. A held namespace
 * without a policy of its own is released after `idleMs` without access (`releaseIdle`).
 * A state is rebuilt (its L1 emptied) only when the policy's tiers or bounds change; a new TTL
 * applies in place.
 */
export class NamespaceRegistry {
  private readonly states = new Map<string, NamespaceState>();
  private readonly policies: PolicySource;
  private readonly statistics: CacheStatistics;
  private readonly clock: () => number;
  private readonly budget: L1ByteBudget;
  private readonly idleMs: number;

  constructor(options: NamespaceRegistryOptions) {
    this.policies = options.policies;
    this.statistics = options.statistics;
    this.clock = options.clock;
    this.budget = new L1ByteBudget(options.l1MaxBytes ?? Infinity);
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_NAMESPACE_MS;
  }

  /** Namespaces held, and the bytes of their L1 stores against the shared bound. */
  usage(): TieredCacheUsage {
    return { namespaces: this.states.size, l1Bytes: this.budget.bytes, l1MaxBytes: this.budget.maxBytes };
  }

  /**
   * The namespace's held state under its current policy, made if needed (writes and loads).
   * @throws CacheError for an invalid namespace.
   */
  of(namespace: string): NamespaceState {
    const current = this.states.get(namespace);
    if (
      current !== undefined &&
      current.revision === this.policies.revision &&
      current.revision !== undefined
    ) {
      current.touched = true;
      return current;
    }
    return this.resolve(namespace, current, true);
  }

  /**
   * For a read: the held state as `of` gives it, else (no policy of its own) a view that holds
   * nothing. An L1 hit of a held namespace costs what `of` costs: one map lookup, no allocation.
   * @throws CacheError for an invalid namespace.
   */
  forRead(namespace: string): NamespaceState {
    const current = this.states.get(namespace);
    if (
      current !== undefined &&
      current.revision === this.policies.revision &&
      current.revision !== undefined
    ) {
      current.touched = true;
      return current;
    }
    return this.resolve(namespace, current, false);
  }

  /** The held state of a view's namespace: a read found one of its keys in L2, so it exists. */
  adopt(view: NamespaceState): NamespaceState {
    return view.held ? view : this.of(view.policy.namespace);
  }

  /** The namespace's current policy, without holding it. @throws CacheError for an invalid namespace. */
  policyOf(namespace: string): CachePolicy {
    const current = this.states.get(namespace);
    if (current === undefined) return this.policies.policyOf(validateNamespace(namespace));
    if (current.revision === this.policies.revision && current.revision !== undefined) return current.policy;
    return this.resolve(namespace, current, true).policy;
  }

  /** The state of a namespace this instance holds, without making one or counting an access. */
  held(namespace: string): NamespaceState | undefined {
    return this.states.get(namespace);
  }

  /** Drops expired entries from every L1 store, at most `budget` per store. */
  sweep(budget: number): number {
    let removed = 0;
    for (const state of this.states.values()) removed += state.l1?.sweep(budget) ?? 0;
    return removed;
  }

  /**
   * Releases the namespaces without a policy of their own that were not accessed for `idleMs`
   * (their L1 store, its share of the budget, their statistics row); returns how many. Each call
   * marks the namespaces accessed since the last one as active now, so with calls every `s` ms a
   * namespace goes between `idleMs` and `idleMs + s` after its last access.
   */
  releaseIdle(): number {
    const now = this.clock();
    let released = 0;
    for (const [namespace, state] of this.states) {
      if (state.touched) {
        state.touched = false;
        state.idleSince = now;
      } else if (now - state.idleSince >= this.idleMs && !this.policies.hasPolicy?.(namespace)) {
        this.release(namespace, state);
        released++;
      }
    }
    return released;
  }

  /** Empties every L1 store (the bus had a gap: any of them may hold a value changed elsewhere). */
  clearL1(): void {
    for (const state of this.states.values()) state.l1?.clear();
  }

  /**
   * Brings a held state up to the current policy (rebuilt if its tiers or bounds changed), or makes
   * one: held if `hold` or the namespace has a policy of its own, else a view.
   */
  private resolve(namespace: string, current: NamespaceState | undefined, hold: boolean): NamespaceState {
    if (current === undefined) validateNamespace(namespace);
    const revision = this.policies.revision;
    const policy = this.policies.policyOf(namespace);
    if (current && (current.policy === policy || !current.needsRebuildFor(policy))) {
      if (current.policy !== policy) Object.assign(current, { policy });
      current.revision = revision;
      current.touched = true;
      return current;
    }
    if (current === undefined && !hold && !this.policies.hasPolicy?.(namespace)) {
      return new NamespaceState(policy, this.statistics.unheld, undefined);
    }
    current?.close();
    const state = new NamespaceState(policy, this.statistics.of(namespace), {
      clock: this.clock,
      budget: this.budget,
    });
    state.revision = revision;
    state.idleSince = this.clock();
    this.states.set(namespace, state);
    return state;
  }

  private release(namespace: string, state: NamespaceState): void {
    this.states.delete(namespace);
    state.close();
    this.statistics.release(namespace);
  }
}
