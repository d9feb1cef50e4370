import { loopTrace } from '../../testing/loop-trace';
import { seededRandom } from '../../testing/seeded-random';
import { zipfTrace } from '../../testing/zipf-trace';
import { replayTrace } from './replay-trace';

const CAPACITY = 500;

function hitRatios(trace: string[]): { tinylfu: number; lru: number } {
  return {
    tinylfu: replayTrace(trace, { capacity: CAPACITY, policy: 'tinylfu', random: seededRandom(1) }).hitRatio,
    lru: replayTrace(trace, { capacity: CAPACITY, policy: 'lru' }).hitRatio,
  };
}

describe('replayTrace hit ratios (capacity 500)', () => {
  it('Zipf(0.99), 200k accesses over 10k keys: tinylfu beats lru', () => {
    const { tinylfu, lru } = hitRatios(
      zipfTrace({ length: 200_000, keys: 10_000, exponent: 0.99, seed: 42 }),
    );
    // observed: tinylfu 0.6484, lru 0.5717
    expect(tinylfu).toBeGreaterThanOrEqual(lru + 0.04);
    expect(lru).toBeGreaterThan(0.5);
  });

  it('a loop over capacity + 10 keys: lru gets nothing, tinylfu keeps most of the loop', () => {
    const { tinylfu, lru } = hitRatios(loopTrace(100_000, CAPACITY + 10));
    expect(lru).toBe(0);
    expect(tinylfu).toBeGreaterThan(0.9);
  });

  it('counts an empty trace as 0 and a repeated key as all hits but the first', () => {
    expect(replayTrace([], { capacity: 1 })).toEqual({ requests: 0, hits: 0, hitRatio: 0 });
    expect(replayTrace(['a', 'a', 'a', 'a'], { capacity: 1, policy: 'lru' })).toEqual({
      requests: 4,
      hits: 3,
      hitRatio: 0.75,
    });
  });
});
