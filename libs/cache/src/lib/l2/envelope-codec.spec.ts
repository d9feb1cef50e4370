import { randomBytes } from 'node:crypto';
import type { CacheEnvelope } from '../entry/cache-envelope';
import { EnvelopeCodec } from './envelope-codec';

const envelope = (value: unknown): CacheEnvelope => ({
  value,
  version: 7,
  createdAt: 1_700_000_000_000,
  expiresAt: 1_700_000_060_000,
  staleUntil: 1_700_000_120_000,
  tags: ['user:1', 'org:2'],
});

describe('EnvelopeCodec', () => {
  const codec = new EnvelopeCodec();

  it('round-trips an envelope, stored raw when small', () => {
    const small = envelope({ name: 'ü😀', n: 1.5, list: [1, null, true] });
    const encoded = codec.encode(small);
    expect(encoded[0]).toBe(0x01);
    expect(codec.decode(encoded)).toEqual(small);
  });

  it('compresses above the threshold and reads back equal', () => {
    const large = envelope({
      rows: Array.from({ length: 500 }, (_, i) => ({ id: i, email: `user${i}@example.com` })),
    });
    const raw = codec.encode(large, Infinity);
    const compressed = codec.encode(large, 1024);
    expect(compressed[0]).toBe(0x02);
    expect(compressed.length).toBeLessThan(raw.length / 3);
    expect(codec.decode(compressed)).toEqual(large);
  });

  it('gives every decoded Buffer its own bytes, not a view of a buffer the codec reuses', () => {
    const first = codec.decode(codec.encode(envelope({ bytes: Buffer.from([1, 2, 3]) }), Infinity));
    const second = codec.decode(codec.encode(envelope({ bytes: Buffer.from([7, 8, 9]) }), Infinity));
    expect((first?.value as { bytes: Buffer }).bytes).toEqual(Buffer.from([1, 2, 3]));
    expect((second?.value as { bytes: Buffer }).bytes).toEqual(Buffer.from([7, 8, 9]));
  });

  it.each([
    ['a stored value inside a larger buffer', 64],
    ['a raw value larger than the scratch buffer', 20_000],
  ])('decodes %s', (_, size) => {
    const big = envelope({ text: 'y'.repeat(size) });
    const stored = codec.encode(big, Infinity);
    const inChunk = Buffer.concat([Buffer.from('+OK\r\n'), stored, Buffer.from('\r\n')]);
    expect(codec.decode(inChunk.subarray(5, 5 + stored.length))).toEqual(big);
  });

  it('keeps incompressible values raw', () => {
    const noise = envelope(randomBytes(4096));
    expect(codec.encode(noise, 16)[0]).toBe(0x01);
  });

  it('rejects a packed value above its 3 MiB guard', () => {
    expect(() => codec.encode(envelope('x'.repeat(3 * 1024 * 1024)))).toThrow(
      expect.objectContaining({ code: 'VALUE_TOO_LARGE' }),
    );
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['a header alone', Buffer.of(0x01)],
    ['unknown header', Buffer.from([0x09, 1, 2])],
    ['truncated msgpack', Buffer.from([0x01, 0xde, 0xff])],
    ['bad brotli', Buffer.from([0x02, 1, 2, 3, 4])],
    ['not an envelope', Buffer.concat([Buffer.of(0x01), Buffer.from([0xa3, 0x61, 0x62, 0x63])])],
  ])('decodes %s bytes as a miss, without throwing', (_, bytes) => {
    expect(codec.decode(bytes)).toBeUndefined();
  });
});
