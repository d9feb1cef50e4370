import type { CachePolicy } from '../policy/cache-policy';
import type { PolicySource } from '../policy/policy-source';
import { StaticPolicySource } from '../policy/static-policy-source';
import { CacheStatistics } from '../stats/cache-statistics';
import { NamespaceRegistry } from './namespace-registry';

describe('NamespaceRegistry', () => {
  const registryOver = (policies: PolicySource) => new NamespaceRegistry(policies, new CacheStatistics(), Date.now);

  it('sees a policy put after the namespace is held: new bounds rebuild the state, a new TTL applies in place', () => {
    const policies = new StaticPolicySource([{ namespace: 'users', ttlSeconds: 60, maxEntries: 100 }]);
    const registry = registryOver(policies);
    const first = registry.of('users');
    expect(registry.of('users')).toBe(first);

    policies.put({ namespace: 'users', ttlSeconds: 5, maxEntries: 100 });
    expect(registry.of('users')).toBe(first);
    expect(first.policy.ttlSeconds).toBe(5);

    policies.put({ namespace: 'users', ttlSeconds: 5, maxEntries: 10 });
    const rebuilt = registry.of('users');
    expect(rebuilt).not.toBe(first);
    expect(rebuilt.policy.maxEntries).toBe(10);
  });

  it('asks a source without a revision on every read', () => {
    const inner = new StaticPolicySource([{ namespace: 'users', ttlSeconds: 60 }]);
    const asked: string[] = [];
    const registry = registryOver({
      policyOf: (namespace: string): CachePolicy => {
        asked.push(namespace);
        return inner.policyOf(namespace);
      },
    });
    registry.of('users');
    registry.of('users');
    inner.put({ namespace: 'users', ttlSeconds: 7 });
    expect(registry.of('users').policy.ttlSeconds).toBe(7);
    expect(asked).toEqual(['users', 'users', 'users']);
  });
});
