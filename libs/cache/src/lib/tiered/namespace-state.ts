import type { CacheHit } from './cache-hit';
import type { CachePolicy } from '../policy/cache-policy';
import type { NamespaceStats } from '../stats/namespace-stats';
import { L1Store } from '../store/l1-store';

/** A namespace as one instance holds it: its policy, its L1 store (if the policy has one), its counters. */
export class NamespaceState {
  readonly l1: L1Store<CacheHit> | undefined;
  readonly usesL2: boolean;

  constructor(
    readonly policy: CachePolicy,
    readonly stats: NamespaceStats,
    clock: () => number,
  ) {
    this.usesL2 = policy.tiers.includes('l2');
    this.l1 = policy.tiers.includes('l1')
      ? new L1Store<CacheHit>({
          maxEntries: policy.maxEntries,
          maxBytes: policy.maxBytes,
          clock,
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
}
