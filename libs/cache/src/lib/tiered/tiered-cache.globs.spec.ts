import { MemoryL2 } from '../../testing/memory-l2';
import { StaticPolicySource } from '../policy/static-policy-source';
import { TieredCache } from './tiered-cache';

/** A cache whose namespace `ns` holds three keys; `idle` is a namespace this instance never touched. */
async function setup(withL2: boolean): Promise<TieredCache> {
  const cache = new TieredCache({
    instanceId: 'globs',
    policies: new StaticPolicySource([{ namespace: 'ns', tiers: withL2 ? ['l1', 'l2'] : ['l1'] }]),
    ...(withL2 ? { l2: new MemoryL2() } : {}),
  });
  await cache.mset('ns', [
    ['user:1', 1],
    ['user:2', 2],
    ['order:1', 3],
  ]);
  return cache;
}

const BAD_GLOBS = ['[z-a]', 'user:[0-9', 'user:\\', '?'.repeat(33), 'a'.repeat(513), ''];

describe('TieredCache with a glob it cannot read', () => {
  it.each(
    [true, false].flatMap((withL2) =>
      ['ns', 'idle'].flatMap((namespace) =>
        BAD_GLOBS.map((glob) => [withL2 ? 'L1+L2' : 'L1 only', namespace, glob]),
      ),
    ),
  )(
    '%s, namespace %s: %p is a 400 INVALID_PATTERN for deleteByPattern and scanKeys, and drops nothing',
    async (tiers, namespace, glob) => {
      const cache = await setup(tiers === 'L1+L2');
      await expect(cache.deleteByPattern(namespace, glob)).rejects.toMatchObject({
        code: 'INVALID_PATTERN',
        kind: 'Invalid',
      });
      await expect(cache.scanKeys(namespace, glob, undefined, 10)).rejects.toMatchObject({
        code: 'INVALID_PATTERN',
      });
      expect([...(await cache.mget('ns', ['user:1', 'user:2', 'order:1'])).keys()]).toHaveLength(3);
    },
  );
});
