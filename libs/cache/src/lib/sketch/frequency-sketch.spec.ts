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

  it.each([0, -5, 1.5, Number.NaN])('refuses maximumSize %p with INVALID_OPTIONS', (maximumSize) => {
    expect(() => new FrequencySketch(maximumSize)).toThrow(
      expect.objectContaining({ name: 'CacheError', code: 'INVALID_OPTIONS' }),
    );
    expect(() => new FrequencySketch(maximumSize)).toThrow(CacheError);
  });
});
