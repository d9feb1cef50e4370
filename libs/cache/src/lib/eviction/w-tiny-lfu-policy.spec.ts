import { seededRandom } from '../../testing/seeded-random';
import { FrequencySketch } from '../sketch/frequency-sketch';
import { hashKey } from '../sketch/hash-key';
import type { EvictionPolicyName } from './eviction-policy-name';
import { L1Store } from '../store/l1-store';
import { WTinyLfuPolicy } from './w-tiny-lfu-policy';

function readThrough(store: L1Store<number>, key: string): void {
  if (!store.get(key)) store.set(key, 1, { size: 1 });
}

describe('WTinyLfuPolicy', () => {
  it.each([
    // The one hot key still in the window when the scan starts only reaches probation, where aging
    // (10 sketch samples of scan keys) erases its lead; the 49 in protected never meet a candidate.
    { policy: 'tinylfu' as EvictionPolicyName, atLeast: 48, atMost: 50 },
    { policy: 'lru' as EvictionPolicyName, atLeast: 0, atMost: 5 },
  ])(
    '$policy: keeps $atLeast..$atMost of 50 hot keys through a 10,000-key scan',
    ({ policy, atLeast, atMost }) => {
      const store = new L1Store<number>({ maxEntries: 100, maxBytes: 1e9, policy, random: seededRandom(7) });
      const hot = Array.from({ length: 50 }, (_, i) => `hot:${i}`);
      for (let round = 0; round < 20; round++) hot.forEach((key) => readThrough(store, key));
      for (let i = 0; i < 10_000; i++) readThrough(store, `scan:${i}`);

      const resident = hot.filter((key) => store.has(key)).length;
      expect(resident).toBeGreaterThanOrEqual(atLeast);
      expect(resident).toBeLessThanOrEqual(atMost);
      expect(store.size).toBe(100);
    },
  );

  describe('admission', () => {
    /** 100 residents, `resident:i` under id i; `keyOf` names the id a victim() returns. */
    function fullPolicy(): {
      policy: WTinyLfuPolicy;
      sketch: FrequencySketch;
      keyOf: (id: number) => string;
    } {
      const sketch = new FrequencySketch(100);
      const policy = new WTinyLfuPolicy({ maximumSize: 100, sketch, adaptive: false, random: () => 0.5 });
      for (let i = 0; i < 100; i++) policy.onAdd(i, hashKey(`resident:${i}`));
      return { policy, sketch, keyOf: (id) => (id === 100 ? 'new' : `resident:${id}`) };
    }

    it.each([
      { candidateReads: 0, victimReads: 0, evicted: 'candidate' },
      { candidateReads: 3, victimReads: 3, evicted: 'candidate' },
      { candidateReads: 4, victimReads: 3, evicted: 'victim' },
      { candidateReads: 9, victimReads: 0, evicted: 'victim' },
    ])(
      'candidate read $candidateReads× vs victim read $victimReads×: evicts the $evicted',
      ({ candidateReads, victimReads, evicted }) => {
        const { policy, sketch, keyOf } = fullPolicy();
        // window holds 1 entry: adding `new` pushes `resident:99` out as candidate; probation's LRU is `resident:0`.
        for (let i = 0; i < candidateReads; i++) sketch.increment(hashKey('resident:99'));
        for (let i = 0; i < victimReads; i++) sketch.increment(hashKey('resident:0'));
        policy.onAdd(100, hashKey('new'));
        expect(keyOf(policy.victim())).toBe(evicted === 'candidate' ? 'resident:99' : 'resident:0');
      },
    );

    it('promotes a probation hit to protected, out of the victim position', () => {
      const { policy, sketch, keyOf } = fullPolicy();
      // `resident:98`, the last key pushed out of the window, is the candidate; make it win the contest.
      for (let i = 0; i < 5; i++) sketch.increment(hashKey('resident:98'));
      expect(keyOf(policy.victim())).toBe('resident:0');
      policy.onHit(0);
      expect(keyOf(policy.victim())).toBe('resident:1');
    });
  });

  it('grows the window by hill climbing while the hit rate improves, within its bounds', () => {
    const sketch = new FrequencySketch(1000);
    const policy = new WTinyLfuPolicy({ maximumSize: 1000, sketch });
    policy.onAdd(0, hashKey('x'));
    expect(policy.windowCapacity).toBe(10);
    for (let sample = 0; sample < 3; sample++) {
      for (let i = 0; i < 10_000; i++) {
        if (i < 5000 * sample) policy.onHit(0);
        else policy.onMiss();
      }
    }
    expect(policy.windowCapacity).toBeGreaterThan(10);
    expect(policy.windowCapacity).toBeLessThan(1000);
  });
});
