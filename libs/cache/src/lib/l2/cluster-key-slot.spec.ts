import { clusterKeySlot } from './cluster-key-slot';
import { crc16 } from './crc16';
import { groupBySlot } from './group-by-slot';

describe('clusterKeySlot', () => {
  it('computes CRC16/XMODEM', () => {
    expect(crc16('123456789')).toBe(0x31c3);
  });

  // Expected slots are what `redis-cli -p 7000 CLUSTER KEYSLOT <key>` answered on Redis 7.0.
  it.each([
    ['foo', 12182],
    ['somekey', 11058],
    ['foo{hash_tag}', 2515],
    ['{}x', 10595],
    ['a{}b{c}', 7353],
    ['x{y}}', 12222],
    ['ключ{ü}', 9552],
    ['{{a}}', 10276],
    ['naïve', 2847],
  ])('slot of %j is %i, as Redis computes it', (key, slot) => {
    expect(clusterKeySlot(key)).toBe(slot);
  });
});

describe('groupBySlot', () => {
  it('groups keys of one hash tag together and keeps their order', () => {
    const groups = groupBySlot(['{a}1', 'b', '{a}2', 'c', '{a}3'], (key) => key);
    expect(groups.get(clusterKeySlot('a'))).toEqual(['{a}1', '{a}2', '{a}3']);
    expect([...groups.values()].flat().sort()).toEqual(['b', 'c', '{a}1', '{a}2', '{a}3']);
  });
});
