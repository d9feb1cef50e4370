import { type CachePolicy, type CachePolicyInput, cachePolicySchema, defaultPolicy } from './cache-policy';
import type { PolicySource } from './policy-source';

/** Policies held in memory: the given ones, defaults for every other namespace. */
export class StaticPolicySource implements PolicySource {
  private readonly policies = new Map<string, CachePolicy>();
  /** Bumped by every `put`: a default handed out for another namespace changes no held namespace's policy. */
  revision = 0;

  constructor(policies: CachePolicyInput[] = []) {
    for (const policy of policies) this.put(policy);
  }

  /** The namespace's policy, else a new default one (defaults are not kept: any name may be asked). */
  policyOf(namespace: string): CachePolicy {
    return this.policies.get(namespace) ?? defaultPolicy(namespace);
  }

  hasPolicy(namespace: string): boolean {
    return this.policies.has(namespace);
  }

  put(policy: CachePolicyInput): CachePolicy {
    const parsed = cachePolicySchema.parse(policy);
    this.policies.set(parsed.namespace, parsed);
    this.revision++;
    return parsed;
  }
}
