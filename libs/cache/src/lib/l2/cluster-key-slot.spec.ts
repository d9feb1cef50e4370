import { clusterKeySlot } from './cluster-key-slot';
import { crc16 } from './crc16';
import { groupBySlot } from './group-by-slot';

/** The checksum computed over the bytes, the way it was before `crc16` encoded on the fly. */
function crc16OfBytes(bytes: Buffer): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

describe('clusterKeySlot', () => {
  it('computes CRC16/XMODEM', () => {
    expect(crc16('123456789')).toBe(0x31c3);
  });

  it.each(['', 'naïve', 'ключ{ü}', '€ and 😀', 'a\ud800b', '\udc00', 'end\ud83d', '\u07ff\u0800\uffff'])(
    'hashes the UTF-8 bytes of %j as Buffer.from writes them (lone surrogates as U+FFFD)',
    (text) => {
      expect(crc16(text)).toBe(crc16OfBytes(Buffer.from(text, 'utf8')));
    },
  );

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
