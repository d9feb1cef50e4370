import { defaultPolicy } from '@hotpath/cache';
import type { PolicyStore } from '../policies/policy-store';
import type { StoredPolicy } from '../policies/stored-policy';
import { StoredPolicySource } from './stored-policy-source';

/** The part of PolicyStore the source reads, with the stored namespaces given. */
function storeOf(namespaces: string[]) {
  const store = {
    revision: 1,
    lists: 0,
    policyOf: (namespace: string) => defaultPolicy(namespace),
    list(): StoredPolicy[] {
      store.lists++;
      return namespaces.map((namespace) => ({
        policy: defaultPolicy(namespace),
        version: 1,
        updatedAt: new Date(0).toISOString(),
        updatedBy: 'spec',
      }));
    },
  };
  return store;
}

describe('StoredPolicySource', () => {
  it('tells the namespaces with a stored policy, reading the list again only when the revision moves', () => {
    const namespaces = ['auth'];
    const store = storeOf(namespaces);
    const source = new StoredPolicySource(store as unknown as PolicyStore);
    expect(source.hasPolicy('auth')).toBe(true);
    expect(source.hasPolicy('other')).toBe(false);
    expect(store.lists).toBe(1);

    namespaces.push('other');
    store.revision++;
    expect(source.revision).toBe(2);
    expect(source.hasPolicy('other')).toBe(true);
    expect(store.lists).toBe(2);
    expect(source.policyOf('other').namespace).toBe('other');
  });
});
