import type { PolicySource } from '../policy/policy-source';
import { validateNamespace } from '../policy/validate-key';
import type { CacheStatistics } from '../stats/cache-statistics';
import { NamespaceState } from './namespace-state';

/**
 * The namespaces one instance has seen, each with its current policy. A state is rebuilt (its L1
 * emptied) only when the policy's tiers or bounds change; a new TTL applies in place.
 */
export class NamespaceRegistry {
  private readonly states = new Map<string, NamespaceState>();

  constructor(
    private readonly policies: PolicySource,
    private readonly statistics: CacheStatistics,
    private readonly clock: () => number,
  ) {}

  /** The namespace's state under its current policy. @throws CacheError for an invalid namespace. */
  of(namespace: string): NamespaceState {
    const current = this.states.get(namespace);
    if (current === undefined) validateNamespace(namespace);
    const revision = this.policies.revision;
    // The policy cannot have changed since this state last looked: no need to ask the source.
    if (current !== undefined && revision !== undefined && current.revision === revision) return current;
    const policy = this.policies.policyOf(namespace);
    if (current && (current.policy === policy || !current.needsRebuildFor(policy))) {
      if (current.policy !== policy) Object.assign(current, { policy });
      current.revision = revision;
      return current;
    }
    const state = new NamespaceState(policy, this.statistics.of(namespace), this.clock);
    state.revision = revision;
    this.states.set(namespace, state);
    return state;
  }

  /** The state of a namespace this instance holds, without creating one. */
  held(namespace: string): NamespaceState | undefined {
    return this.states.get(namespace);
  }

  /** Drops expired entries from every L1 store, at most `budget` per store. */
  sweep(budget: number): number {
    let removed = 0;
    for (const state of this.states.values()) removed += state.l1?.sweep(budget) ?? 0;
    return removed;
  }

  /** Empties every L1 store (the bus had a gap: any of them may hold a value changed elsewhere). */
  clearL1(): void {
    for (const state of this.states.values()) state.l1?.clear();
  }
}
