import { PoolError } from '../errors/pool.error';
import type { PoolSizingInput } from './pool-sizing-input';
import { recommendPoolSize } from './recommend-pool-size';

const base: PoolSizingInput = {
  acquireRatePerSecond: 200,
  meanHoldSeconds: 0.02,
  currentSize: 10,
  cpuCount: 8,
  maxConnections: 200,
  instances: 4,
};

describe('recommendPoolSize', () => {
  it.each<[string, Partial<PoolSizingInput>, number, 'grow' | 'shrink' | 'keep', RegExp]>([
    // 200/s × 0.02 s = 4 busy → ceil(4 × 1.25) = 5; ceilings 17 (cores) and 49 (budget)
    ["Little's law decides when demand fits", {}, 5, 'shrink', /Little's law: 4 connections are busy/],
    ['keeps a pool that is already right', { currentSize: 5 }, 5, 'keep', /Keep max at 5/],
    // 1000/s × 0.05 s = 50 busy → 63 wanted; core ceiling 8 × 2 + 1 = 17
    [
      'the core ceiling caps a demand the database cannot serve',
      { acquireRatePerSecond: 1000, meanHoldSeconds: 0.05 },
      17,
      'grow',
      /above the core ceiling \(17\)/,
    ],
    // budget floor((200 − 3) / 20) = 9 < 17
    [
      'the fleet budget caps a large fleet',
      { acquireRatePerSecond: 1000, meanHoldSeconds: 0.05, instances: 20 },
      9,
      'shrink',
      /above the fleet budget \(9\)/,
    ],
    [
      'pools per instance share the budget',
      { acquireRatePerSecond: 1000, meanHoldSeconds: 0.05, instances: 10, poolsPerInstance: 2 },
      9,
      'shrink',
      /fleet budget/,
    ],
    [
      'an idle pool gets minSize',
      { acquireRatePerSecond: 0, meanHoldSeconds: 0 },
      2,
      'shrink',
      /with 25 % headroom the pool needs 2/,
    ],
    [
      'a larger minSize is honoured',
      { acquireRatePerSecond: 0, meanHoldSeconds: 0, minSize: 4 },
      4,
      'shrink',
      /needs 4/,
    ],
    [
      'headroom 0 is exactly λW',
      { acquireRatePerSecond: 100, meanHoldSeconds: 0.1, headroom: 0 },
      10,
      'keep',
      /needs 10/,
    ],
    [
      'reports a saturated current pool',
      { acquireRatePerSecond: 400, meanHoldSeconds: 0.03, currentSize: 10 },
      15,
      'grow',
      /current pool \(10\) is saturated/,
    ],
    [
      'a budget under the minimum asks for PgBouncer',
      { maxConnections: 20, instances: 50 },
      1,
      'shrink',
      /need PgBouncer or a larger max_connections/,
    ],
  ])('%s', (_name, overrides, recommendedSize, change, reason) => {
    const recommendation = recommendPoolSize({ ...base, ...overrides });

    expect(recommendation.recommendedSize).toBe(recommendedSize);
    expect(recommendation.change).toBe(change);
    expect(recommendation.current).toBe(overrides.currentSize ?? base.currentSize);
    expect(recommendation.reasons.join('\n')).toMatch(reason);
  });

  it('shows its arithmetic for each rule', () => {
    const { evidence } = recommendPoolSize({ ...base, effectiveSpindles: 2, reservedConnections: 10 });

    expect(evidence).toEqual([
      { rule: 'littles-law', value: 5, formula: 'max(2, ceil(200/s × 0.02 s × 1.25)) = 5' },
      { rule: 'core-ceiling', value: 18, formula: '8 cores × 2 + 2 spindle(s) = 18' },
      {
        rule: 'fleet-budget',
        value: 47,
        formula: 'floor((200 max_connections − 10 reserved) / (4 instances × 1 pool(s))) = 47',
      },
    ]);
  });

  it.each<[string, Partial<PoolSizingInput>]>([
    ['a negative rate', { acquireRatePerSecond: -1 }],
    ['an infinite hold time', { meanHoldSeconds: Infinity }],
    ['zero instances', { instances: 0 }],
    ['a fractional CPU count', { cpuCount: 2.5 }],
    ['zero max_connections', { maxConnections: 0 }],
    ['a negative headroom', { headroom: -0.1 }],
  ])('rejects %s with INVALID_OPTIONS', (_name, overrides) => {
    expect(() => recommendPoolSize({ ...base, ...overrides })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
    expect(() => recommendPoolSize({ ...base, ...overrides })).toThrow(PoolError);
  });
});
