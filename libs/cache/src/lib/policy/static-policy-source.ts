import { type CachePolicy, type CachePolicyInput, cachePolicySchema, defaultPolicy } from './cache-policy';
import type { PolicySource } from './policy-source';

/** Policies held in memory: the given ones, defaults for every other namespace. */
export class StaticPolicySource implements PolicySource {
  private readonly policies = new Map<string, CachePolicy>();
  /** Bumped by every `put`: a default made for a new namespace changes no held namespace's policy. */
  revision = 0;

  constructor(policies: CachePolicyInput[] = []) {
    for (const policy of policies) this.put(policy);
  }

  policyOf(namespace: string): CachePolicy {
    let policy = this.policies.get(namespace);
    if (!policy) {
      policy = defaultPolicy(namespace);
      this.policies.set(namespace, policy);
    }
    return policy;
  }

  put(policy: CachePolicyInput): CachePolicy {
    const parsed = cachePolicySchema.parse(policy);
    this.policies.set(parsed.namespace, parsed);
    this.revision++;
    return parsed;
  }
}
