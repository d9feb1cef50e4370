import { FrequencySketch } from './frequency-sketch';
import { hashKey } from './hash-key';
import { KeyHashTable } from './key-hash-table';

describe('KeyHashTable', () => {
  /** Hits on 3 keys under ids 0–2, through the table and straight into a twin sketch. */
  function twins(maximumSize: number) {
    const sketch = new FrequencySketch(maximumSize);
    const twin = new FrequencySketch(maximumSize);
    const table = new KeyHashTable(sketch);
    const keys = ['a', 'b', 'c'];
    keys.forEach((key, id) => table.set(id, hashKey(key)));
    return { sketch, twin, table, keys };
  }

  it('counts a hit by id exactly as increment(hash) would, estimates included', () => {
    const { sketch, twin, table, keys } = twins(1000);
    for (let i = 0; i < 60; i++) {
      const id = (i * 7) % 3;
      expect(table.increment(id)).toBe(twin.increment(hashKey(keys[id])));
    }
    for (const key of keys) expect(sketch.frequency(hashKey(key))).toBe(twin.frequency(hashKey(key)));
  });

  it('stays exact across aging, which clears the doorkeeper it skips within an epoch', () => {
    const { sketch, twin, table, keys } = twins(10); // ages every 100 increments
    const ids = Int32Array.from({ length: 64 }, (_, i) => (i * i) % 3);
    const estimates = new Int32Array(64);
    for (let round = 0; round < 10; round++) {
      table.incrementAll(ids, ids.length, estimates);
      ids.forEach((id, i) => expect(estimates[i]).toBe(twin.increment(hashKey(keys[id]))));
      for (const key of keys) expect(sketch.frequency(hashKey(key))).toBe(twin.frequency(hashKey(key)));
    }
  });

  it('treats a reused id as a new key: its first count goes to the doorkeeper', () => {
    const { table } = twins(1000);
    table.increment(0);
    expect(table.increment(0)).toBe(2);
    table.set(0, hashKey('fresh'));
    expect(table.increment(0)).toBe(1);
  });

  it('grows to fit any id', () => {
    const sketch = new FrequencySketch(1000);
    const table = new KeyHashTable(sketch);
    table.set(5000, hashKey('far'));
    table.increment(5000);
    expect(sketch.frequency(hashKey('far'))).toBe(1);
  });
});
