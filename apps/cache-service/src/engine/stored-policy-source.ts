import type { CachePolicy, PolicySource } from '@hotpath/cache';
import type { PolicyStore } from '../policies/policy-store';

/**
 * The policy store as the engine's policy source, telling it which namespaces have a stored policy
 * (`hasPolicy`: the engine holds those from their first read and never releases them when idle).
 * The set is rebuilt only when the store's revision moves, which is on policy changes.
 */
export class StoredPolicySource implements PolicySource {
  private stored = new Set<string>();
  private storedAt: number | undefined;

  constructor(private readonly store: PolicyStore) {}

  get revision(): number {
    return this.store.revision;
  }

  policyOf(namespace: string): CachePolicy {
    return this.store.policyOf(namespace);
  }

  hasPolicy(namespace: string): boolean {
    const revision = this.store.revision;
    if (this.storedAt !== revision) {
      this.stored = new Set(this.store.list().map(({ policy }) => policy.namespace));
      this.storedAt = revision;
    }
    return this.stored.has(namespace);
  }
}
