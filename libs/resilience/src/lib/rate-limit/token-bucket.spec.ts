import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it.each<[string, number[], boolean[]]>([
    ['allows a burst, then refuses', [0, 0, 0, 0], [true, true, true, false]],
    ['refills at the sustained rate', [0, 0, 0, 0, 100, 100], [true, true, true, false, true, false]],
    ['never holds more than the burst', [0, 0, 0, 10_000, 10_000, 10_000, 10_000], [true, true, true, true, true, true, false]],
  ])('%s', (_title, times, expected) => {
    const clock = { now: 0 };
    const bucket = new TokenBucket({ perSecond: 10, burst: 3, clock: () => clock.now });
    const got = times.map((at) => {
      clock.now = at;
      return bucket.tryTake();
    });
    expect(got).toEqual(expected);
  });

  it('tells how long to wait', () => {
    const clock = { now: 0 };
    const bucket = new TokenBucket({ perSecond: 4, burst: 1, clock: () => clock.now });
    expect(bucket.tryAcquire()).toMatchObject({ allowed: true, remaining: 0 });
    expect(bucket.tryAcquire()).toMatchObject({ allowed: false, retryAfterMs: 250 });
  });
});
