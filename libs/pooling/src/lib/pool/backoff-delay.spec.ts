import { backoffDelay } from './backoff-delay';

describe('backoffDelay', () => {
  it.each<[number, number, number, number]>([
    // retry, base, max, ceiling (the delay with random() → 1⁻)
    [1, 50, 1000, 50],
    [2, 50, 1000, 100],
    [3, 50, 1000, 200],
    [6, 50, 1000, 1000],
    [20, 50, 1000, 1000],
    [1, 0, 1000, 0],
  ])('retry %i with base %i ms and max %i ms waits at most %i ms', (retry, base, max, ceiling) => {
    expect(backoffDelay(retry, base, max, () => 0.999999)).toBe(Math.max(0, ceiling - 1));
    expect(backoffDelay(retry, base, max, () => 0)).toBe(0);
  });
});
