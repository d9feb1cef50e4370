/** CRC16-CCITT (XMODEM: poly 0x1021, init 0) lookup table, the checksum Redis Cluster hashes keys with. */
const TABLE = new Uint16Array(256);
for (let byte = 0; byte < 256; byte++) {
  let crc = byte << 8;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
  TABLE[byte] = crc & 0xffff;
}

/** CRC16/XMODEM of the UTF-8 bytes of `text` (`crc16('123456789') === 0x31c3`). */
export function crc16(text: string): number {
  let crc = 0;
  for (const byte of Buffer.from(text, 'utf8'))
    crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ byte) & 0xff];
  return crc;
}
