import { LocalTokenBuckets } from './local-token-buckets';

describe('LocalTokenBuckets', () => {
  const limit = { perSecond: 2, burst: 3 };

  it.each([
    // [ms at which each request comes, whether each is allowed]
    [
      [0, 0, 0, 0],
      [true, true, true, false],
    ],
    [
      [0, 0, 0, 499, 500],
      [true, true, true, false, true],
    ],
    [
      [0, 0, 0, 5000, 5000, 5000, 5000],
      [true, true, true, true, true, true, false],
    ],
  ])('requests at %p ms: %p', (times, expected) => {
    let now = 0;
    const buckets = new LocalTokenBuckets(() => now);
    const allowed = times.map((at) => {
      now = at;
      return buckets.take('caller', limit).allowed;
    });
    expect(allowed).toEqual(expected);
  });

  it('keeps callers apart, and says when to retry', () => {
    let now = 0;
    const buckets = new LocalTokenBuckets(() => now);
    for (let i = 0; i < 3; i++) buckets.take('a', limit);
    expect(buckets.take('a', limit)).toEqual({
      allowed: false,
      retryAfterMs: 500,
      remaining: 0,
      resetMs: 1500,
    });
    expect(buckets.take('b', limit)).toMatchObject({ allowed: true, remaining: 2 });
    now = 500;
    expect(buckets.take('a', limit)).toMatchObject({ allowed: true, remaining: 0 });
  });
});
