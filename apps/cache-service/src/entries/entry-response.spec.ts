import type { CacheHit } from '@hotpath/cache';
import { entryBody, entryResponse, representationOf } from './entry-response';

const NOW = 1_800_000_000_000;

function hitOf(value: unknown, expiresAt = NOW + 60_000): CacheHit {
  return {
    value,
    version: 1_799_000_000_000_123,
    tier: 'l1',
    stale: false,
    createdAt: NOW - 1000,
    expiresAt,
    staleUntil: expiresAt + 5000,
    tags: [],
  };
}

describe('entryBody', () => {
  it.each([
    ['an object', { plan: 'pro', roles: ['reader', 'writer'], limits: { rps: 100 } }],
    ['a string that looks like the TTL field', '"ttlRemainingMs":0,"stale":false}'],
    ['an object holding the TTL field itself', { ttlRemainingMs: 0, stale: false }],
    ['unicode and escapes', 'zürich ✓ 𝄞 "quoted" \\ \n'],
    ['null', null],
    ['a number', 42.5],
  ])('is the JSON of the entry response for %s', (_case, value) => {
    const hit = hitOf(value);
    expect(entryBody('ns', 'user:42', hit, NOW)).toBe(
      JSON.stringify(entryResponse('ns', 'user:42', hit, NOW)),
    );
  });

  it('writes the TTL left at each read of the same hit, and 0 once expired', () => {
    const hit = hitOf({ a: 1 });
    const first = JSON.parse(entryBody('ns', 'k', hit, NOW)) as { ttlRemainingMs: number };
    const later = JSON.parse(entryBody('ns', 'k', hit, NOW + 1500)) as { ttlRemainingMs: number };
    const expired = JSON.parse(entryBody('ns', 'k', hit, NOW + 120_000)) as { ttlRemainingMs: number };
    expect([first.ttlRemainingMs, later.ttlRemainingMs, expired.ttlRemainingMs]).toEqual([60_000, 58_500, 0]);
  });

  it('answers a hit without a finite expiry as entryResponse does', () => {
    const hit = hitOf('forever', Number.POSITIVE_INFINITY);
    expect(entryBody('ns', 'k', hit, NOW)).toBe(JSON.stringify(entryResponse('ns', 'k', hit, NOW)));
  });

  it('answers an L2 hit and a stale L1 copy as entryResponse does', () => {
    for (const hit of [
      { ...hitOf({ a: 1 }), tier: 'l2' as const },
      { ...hitOf('old'), stale: true },
    ]) {
      expect(entryBody('ns', 'k', hit, NOW)).toBe(JSON.stringify(entryResponse('ns', 'k', hit, NOW)));
    }
  });
});

describe('representationOf', () => {
  it('serializes an object value once per write, though every L1 read is a new hit', () => {
    const value = { plan: 'pro' };
    const first = representationOf('ns', 'k', hitOf(value));
    const second = representationOf('ns', 'k', hitOf(value));
    expect(second).toBe(first);
  });

  it('makes its own for the same value object under another key, namespace or version', () => {
    const value = { plan: 'pro' };
    const hit = hitOf(value);
    const original = representationOf('ns', 'k', hit);
    const others = [
      representationOf('ns', 'other', hit),
      representationOf('ns2', 'k', hit),
      representationOf('ns', 'k', { ...hit, version: hit.version + 1 }),
    ];
    for (const other of others) expect(other).not.toBe(original);
    expect(others[0]?.head).toContain('"key":"other"');
    expect(others[1]?.head).toContain('"namespace":"ns2"');
    expect(others[2]?.etag).not.toBe(original?.etag);
    // The latest one is what the next read of that write finds.
    expect(representationOf('ns', 'k', { ...hit, version: hit.version + 1 })).toBe(others[2]);
  });

  it.each([
    ['a string', 'v'],
    ['a number', 7],
    ['null', null],
  ])('represents a hit holding %s too, made at each read', (_case, value) => {
    const hit = hitOf(value);
    const representation = representationOf('ns', 'k', hit);
    expect(representation?.head + String(60_000) + representation?.tail).toBe(
      JSON.stringify(entryResponse('ns', 'k', hit, NOW)),
    );
  });
});
