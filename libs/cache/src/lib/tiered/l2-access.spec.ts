import type { CacheEnvelope } from '../entry/cache-envelope';
import { cachePolicySchema } from '../policy/cache-policy';
import { NamespaceStats } from '../stats/namespace-stats';
import { MemoryL2 } from '../../testing/memory-l2';
import { L2_LATENCY_SAMPLE, L2Access } from './l2-access';
import type { L2Port } from './l2-port';
import { NamespaceState } from './namespace-state';

const NOW = 1_000_000;
const envelope = (value: unknown): CacheEnvelope => ({
  value,
  version: 1,
  createdAt: NOW,
  expiresAt: NOW + 60_000,
  staleUntil: NOW + 120_000,
  tags: [],
});

function namespace(tiers: Array<'l1' | 'l2'>): NamespaceState {
  return new NamespaceState(cachePolicySchema.parse({ namespace: 'users', tiers }), new NamespaceStats(), {
    clock: () => NOW,
  });
}

/** An L2 holding `users/a` = 'A', and the access over it. */
async function accessWithA(): Promise<L2Access> {
  const l2 = new MemoryL2();
  await l2.set('users', 'a', envelope('A'));
  return new L2Access(
    l2,
    () => NOW,
    () => true,
  );
}

describe('L2Access.read', () => {
  it('counts every hit and miss, and times one read in L2_LATENCY_SAMPLE with its weight', async () => {
    const access = await accessWithA();
    const state = namespace(['l2']);
    const reads = 2 * L2_LATENCY_SAMPLE + 1;
    for (let i = 0; i < reads; i++) await access.read(state, i % 2 === 0 ? 'a' : 'missing');
    expect(state.stats.l2.hits + state.stats.l2.misses).toBe(reads);
    expect(state.stats.l2.hits).toBe(L2_LATENCY_SAMPLE + 1);
    expect(state.stats.l2.latency.count).toBe(reads);
  });

  it('answers a hit from L2 and back-fills L1 when the namespace has one', async () => {
    const access = await accessWithA();
    const state = namespace(['l1', 'l2']);
    await expect(access.read(state, 'a')).resolves.toMatchObject({ value: 'A', tier: 'l2', stale: false });
    expect(state.readL1('a', true)).toMatchObject({ value: 'A', tier: 'l1' });
  });

  it.each([
    ['rejects', { get: () => Promise.reject(new Error('down')) }],
    [
      'throws',
      {
        get: () => {
          throw new Error('down');
        },
      },
    ],
  ])('reads a port that %s as a miss and counts an error', async (_, port) => {
    const access = new L2Access(
      port as unknown as L2Port,
      () => NOW,
      () => true,
    );
    const state = namespace(['l2']);
    await expect(access.read(state, 'a')).resolves.toBeUndefined();
    expect(state.stats.l2).toMatchObject({ errors: 1, hits: 0, misses: 0 });
  });
});
