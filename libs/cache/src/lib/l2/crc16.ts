/** CRC16-CCITT (XMODEM: poly 0x1021, init 0) lookup table, the checksum Redis Cluster hashes keys with. */
const TABLE = new Uint16Array(256);
for (let byte = 0; byte < 256; byte++) {
  let crc = byte << 8;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
  TABLE[byte] = crc & 0xffff;
}

/**
 * CRC16/XMODEM of the UTF-8 bytes of `text` (`crc16('123456789') === 0x31c3`). The bytes are
 * encoded on the fly rather than through `Buffer.from`: every L2 key is hashed, and a Buffer per
 * call was most of the cost. A lone surrogate counts as U+FFFD, as `Buffer.from` writes it.
 */
export function crc16(text: string): number {
  let crc = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      crc = step(crc, code);
      continue;
    }
    if (code < 0x800) {
      crc = step(step(crc, 0xc0 | (code >> 6)), 0x80 | (code & 0x3f));
      continue;
    }
    if ((code & 0xf800) === 0xd800) {
      const low = code < 0xdc00 && i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if ((low & 0xfc00) === 0xdc00) {
        i++;
        const point = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        crc = step(step(crc, 0xf0 | (point >> 18)), 0x80 | ((point >> 12) & 0x3f));
        crc = step(step(crc, 0x80 | ((point >> 6) & 0x3f)), 0x80 | (point & 0x3f));
        continue;
      }
      code = 0xfffd;
    }
    crc = step(step(step(crc, 0xe0 | (code >> 12)), 0x80 | ((code >> 6) & 0x3f)), 0x80 | (code & 0x3f));
  }
  return crc;
}

function step(crc: number, byte: number): number {
  return ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ byte) & 0xff];
}
