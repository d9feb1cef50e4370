import { CacheError } from '../errors/cache.error';
import { FrequencySketch } from './frequency-sketch';
import { hashKey } from './hash-key';

function incrementTimes(sketch: FrequencySketch, key: string, times: number): void {
  for (let i = 0; i < times; i++) sketch.increment(hashKey(key));
}

describe('FrequencySketch', () => {
  it.each([0, 1, 2, 5, 15, 16])('estimates %i increments of a lone key exactly', (times) => {
    const sketch = new FrequencySketch(1000);
    incrementTimes(sketch, 'k', times);
    expect(sketch.frequency(hashKey('k'))).toBe(times);
  });

  it('saturates at 16 (4-bit counters plus the doorkeeper bit)', () => {
    const sketch = new FrequencySketch(1000);
    incrementTimes(sketch, 'k', 40);
    expect(sketch.frequency(hashKey('k'))).toBe(16);
  });

  it('never underestimates any key of a small set, and grows with increments', () => {
    const sketch = new FrequencySketch(100);
    const counts = Array.from({ length: 50 }, (_, i) => ({ key: `user:${i}`, times: i % 16 }));
    for (const { key, times } of counts) incrementTimes(sketch, key, times);
    for (const { key, times } of counts) {
      expect(sketch.frequency(hashKey(key))).toBeGreaterThanOrEqual(times);
    }
    const before = sketch.frequency(hashKey('user:3'));
    incrementTimes(sketch, 'user:3', 2);
    expect(sketch.frequency(hashKey('user:3'))).toBe(before + 2);
  });

  it.each([
    { times: 2, after: 0 },
    { times: 9, after: 4 },
    { times: 16, after: 7 },
  ])('aging halves the counters and clears the doorkeeper: $times -> $after', ({ times, after }) => {
    const sketch = new FrequencySketch(1000);
    incrementTimes(sketch, 'k', times);
    sketch.age();
    expect(sketch.frequency(hashKey('k'))).toBe(after);
  });

  it('ages by itself after 10 × maximumSize increments', () => {
    const sketch = new FrequencySketch(10);
    expect(sketch.sampleSize).toBe(100);
    incrementTimes(sketch, 'hot', 16);
    for (let i = 0; i < 83; i++) sketch.increment(hashKey(`cold:${i}`));
    expect(sketch.frequency(hashKey('hot'))).toBe(16); // 99 increments: not yet
    sketch.increment(hashKey('cold:last'));
    expect(sketch.frequency(hashKey('hot'))).toBe(7);
  });

  it('keeps different keys mostly independent', () => {
    const sketch = new FrequencySketch(1000);
    for (let i = 0; i < 100; i++) incrementTimes(sketch, `seen:${i}`, 8);
    const unseen = Array.from({ length: 1000 }, (_, i) => sketch.frequency(hashKey(`unseen:${i}`)));
    const polluted = unseen.filter((frequency) => frequency > 0).length;
    expect(polluted).toBeLessThan(20); // < 2% of never-seen keys get any count
  });

  it('puts a first sighting in the doorkeeper only: estimated 1, and no counter moves', () => {
    const sketch = new FrequencySketch(1000);
    expect(sketch.increment(hashKey('k'))).toBe(1);
    expect(sketch.frequency(hashKey('k'))).toBe(1);
    sketch.age(); // clears the doorkeeper; a counter of 1 would survive as 0 too, so count twice more
    expect(sketch.frequency(hashKey('k'))).toBe(0);
    expect(sketch.increment(hashKey('k'))).toBe(1);
    expect(sketch.increment(hashKey('k'))).toBe(2);
  });

  it('never under-counts in a crowded sketch, and increment returns the estimate after it', () => {
    // 300 keys in a sketch sized for 100 (sample 1000, not reached): blocks are shared.
    const sketch = new FrequencySketch(100);
    const times = new Map<string, number>();
    for (let i = 0; i < 900; i++) {
      const key = `crowd:${(i * 7) % 300}`;
      const estimate = sketch.increment(hashKey(key));
      const count = (times.get(key) ?? 0) + 1;
      times.set(key, count);
      // A first sighting is usually reported as 1 without reading the counters; a doorkeeper false
      // positive sends it to the counters instead. Any later one is exactly the new estimate.
      if (count === 1) expect(estimate).toBeGreaterThanOrEqual(1);
      else expect(estimate).toBe(sketch.frequency(hashKey(key)));
    }
    for (const [key, count] of times) expect(sketch.frequency(hashKey(key))).toBeGreaterThanOrEqual(count);
  });

  it('keeps collisions bounded when keys share blocks', () => {
    const sketch = new FrequencySketch(1000); // 32 blocks: ~30 keys per block here
    for (let i = 0; i < 1000; i++) incrementTimes(sketch, `seen:${i}`, 2);
    const unseen = Array.from({ length: 1000 }, (_, i) => sketch.frequency(hashKey(`unseen:${i}`)));
    expect(unseen.filter((frequency) => frequency >= 2).length).toBeLessThan(50);
    expect(Math.max(...unseen)).toBeLessThan(8);
  });

  describe('incrementSeen', () => {
    it('counts and estimates exactly as increment does for a key already in the doorkeeper', () => {
      const plain = new FrequencySketch(1000);
      const seen = new FrequencySketch(1000);
      plain.increment(hashKey('k'));
      seen.increment(hashKey('k'));
      for (let i = 0; i < 20; i++) {
        expect(seen.incrementSeen(hashKey('k'))).toBe(plain.increment(hashKey('k')));
        expect(seen.frequency(hashKey('k'))).toBe(plain.frequency(hashKey('k')));
      }
    });

    it('counts towards aging like increment', () => {
      const sketch = new FrequencySketch(10);
      incrementTimes(sketch, 'hot', 16);
      for (let i = 0; i < 83; i++) sketch.incrementSeen(hashKey('hot'));
      expect(sketch.frequency(hashKey('hot'))).toBe(16); // 99 increments: not yet
      sketch.incrementSeen(hashKey('hot'));
      expect(sketch.frequency(hashKey('hot'))).toBe(7);
    });
  });

  it('moves to a new epoch whenever the doorkeeper is cleared (aging or clear)', () => {
    const sketch = new FrequencySketch(10);
    const epochs = [sketch.epoch];
    sketch.age();
    epochs.push(sketch.epoch);
    sketch.clear();
    epochs.push(sketch.epoch);
    for (let i = 0; i < sketch.sampleSize; i++) sketch.increment(hashKey(`k${i}`));
    epochs.push(sketch.epoch);
    expect(new Set(epochs).size).toBe(4);
  });

  it.each([0, -5, 1.5, Number.NaN])('refuses maximumSize %p with INVALID_OPTIONS', (maximumSize) => {
    expect(() => new FrequencySketch(maximumSize)).toThrow(
      expect.objectContaining({ name: 'CacheError', code: 'INVALID_OPTIONS' }),
    );
    expect(() => new FrequencySketch(maximumSize)).toThrow(CacheError);
  });
});
