import type { CachePolicy } from '../policy/cache-policy';
import type { PolicySource } from '../policy/policy-source';
import { StaticPolicySource } from '../policy/static-policy-source';
import { CacheStatistics } from '../stats/cache-statistics';
import { L1_ENTRY_OVERHEAD_BYTES } from '../store/l1-entry';
import { NamespaceRegistry, type NamespaceRegistryOptions } from './namespace-registry';

const MINUTE = 60_000;

function registryOver(policies: PolicySource, options: Partial<NamespaceRegistryOptions> = {}) {
  const clock = { now: 1_000_000 };
  const statistics = new CacheStatistics();
  const registry = new NamespaceRegistry({
    policies,
    statistics,
    clock: () => clock.now,
    idleMs: 10 * MINUTE,
    ...options,
  });
  return { registry, statistics, clock };
}

describe('NamespaceRegistry', () => {
  it('sees a policy put after the namespace is held: new bounds rebuild the state, a new TTL applies in place', () => {
    const policies = new StaticPolicySource([{ namespace: 'users', ttlSeconds: 60, maxEntries: 100 }]);
    const { registry } = registryOver(policies);
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
    const { registry } = registryOver({
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

  it('gives a read of a namespace it does not hold a view: no L1, no statistics row, nothing held', () => {
    const { registry, statistics } = registryOver(new StaticPolicySource());
    const view = registry.forRead('made-up');
    expect(view.held).toBe(false);
    expect(view.l1).toBeUndefined();
    expect(view.stats).toBe(statistics.unheld);
    expect(registry.policyOf('other-made-up').namespace).toBe('other-made-up');
    expect(registry.usage().namespaces).toBe(0);
    expect(statistics.size).toBe(0);
    expect(() => registry.forRead('Not Valid')).toThrow(
      expect.objectContaining({ code: 'INVALID_NAMESPACE' }),
    );
  });

  it('holds a namespace from a write, from a read when it has a policy, and when a view is adopted', () => {
    const { registry, statistics } = registryOver(new StaticPolicySource([{ namespace: 'configured' }]));
    const written = registry.of('written');
    expect(registry.forRead('written')).toBe(written);
    expect(registry.forRead('configured').held).toBe(true);
    const adopted = registry.adopt(registry.forRead('found-in-l2'));
    expect(adopted).toMatchObject({ held: true });
    expect(adopted.l1).toBeDefined();
    expect(registry.forRead('found-in-l2')).toBe(adopted);
    expect(registry.usage().namespaces).toBe(3);
    expect(statistics.size).toBe(3);
  });

  it('releases a namespace idle for idleMs with its statistics (counts kept in the totals), and keeps one with a policy', () => {
    const { registry, statistics, clock } = registryOver(
      new StaticPolicySource([{ namespace: 'configured' }]),
    );
    registry.of('idle').stats.l2.sets = 3;
    registry.of('configured');
    registry.of('busy');
    for (let minute = 1; minute <= 11; minute++) {
      clock.now += MINUTE;
      registry.forRead('busy');
      registry.releaseIdle();
    }
    expect(registry.held('idle')).toBeUndefined();
    expect(registry.held('configured')).toBeDefined();
    expect(registry.held('busy')).toBeDefined();
    expect(statistics.size).toBe(2);
    expect(statistics.snapshot().others.l2.sets).toBe(3);
    expect(statistics.snapshot().tiers.l2.sets).toBe(3);
    // Back on its next write, from scratch.
    expect(registry.of('idle').stats.l2.sets).toBe(0);
  });

  it('waits idleMs after the last access, not after the last check', () => {
    const { registry, clock } = registryOver(new StaticPolicySource());
    registry.of('ns');
    registry.releaseIdle(); // marks it active now
    clock.now += 10 * MINUTE - 1;
    expect(registry.releaseIdle()).toBe(0);
    clock.now += 1;
    expect(registry.releaseIdle()).toBe(1);
  });

  it('gives back the L1 bytes of a released or rebuilt namespace to the shared budget', () => {
    const policies = new StaticPolicySource([{ namespace: 'kept', maxEntries: 100 }]);
    const { registry, clock } = registryOver(policies, { l1MaxBytes: 10_000 });
    const entry = {
      value: 'v',
      version: 1,
      createdAt: 0,
      expiresAt: Infinity,
      staleUntil: Infinity,
      tags: [],
    };
    registry.of('idle').storeL1('k', entry, 100);
    registry.of('kept').storeL1('k', entry, 200);
    // Each entry counts for its size, its key ('k') and the entry overhead.
    const footprint = (size: number) => size + 1 + L1_ENTRY_OVERHEAD_BYTES;
    expect(registry.usage()).toEqual({
      namespaces: 2,
      l1Bytes: footprint(100) + footprint(200),
      l1MaxBytes: 10_000,
    });

    policies.put({ namespace: 'kept', maxEntries: 50 });
    expect(registry.of('kept').l1?.size).toBe(0);
    expect(registry.usage().l1Bytes).toBe(footprint(100));

    registry.releaseIdle();
    clock.now += 10 * MINUTE;
    registry.of('kept');
    registry.releaseIdle();
    expect(registry.usage()).toEqual({ namespaces: 1, l1Bytes: 0, l1MaxBytes: 10_000 });
  });
});
