import type { ManagedPoolOptions } from './managed-pool-options';
import { resolvePoolOptions } from './resolve-pool-options';

const logger = { log: () => undefined, warn: () => undefined, error: () => undefined };
const base: ManagedPoolOptions = {
  name: 'primary',
  connection: { connectionString: 'postgres://localhost/x' },
  logger,
};

describe('resolvePoolOptions', () => {
  it('fills in finite defaults', () => {
    const resolved = resolvePoolOptions(base);

    expect(resolved).toMatchObject({
      max: 10,
      min: 0,
      acquireTimeoutMs: 10_000,
      connectTimeoutMs: 5_000,
      statementTimeoutMs: 30_000,
      idleInTransactionSessionTimeoutMs: 60_000,
      idleTimeoutMs: 30_000,
      maxLifetimeMs: 1_800_000,
      maxLifetimeJitterMs: 45_000,
      validationIdleMs: 5_000,
      leakDetectionThresholdMs: 0,
      degradedUtilisation: 0.8,
      connectRetry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 1_000 },
    });
  });

  it.each<[string, Partial<ManagedPoolOptions>, RegExp]>([
    ['an empty name', { name: '' }, /pool name ""/],
    ['a name with spaces', { name: 'my pool' }, /pool name "my pool"/],
    ['max 0', { max: 0 }, /max must be an integer ≥ 1, got 0/],
    ['min above max', { min: 5, max: 2 }, /min \(5\) is above max \(2\)/],
    ['a fractional timeout', { acquireTimeoutMs: 1.5 }, /acquireTimeoutMs must be an integer/],
    [
      'an acquire timeout of 0 (it must be finite and positive)',
      { acquireTimeoutMs: 0 },
      /acquireTimeoutMs must be an integer ≥ 1/,
    ],
    ['a degraded threshold above 1', { degradedUtilisation: 1.5 }, /degradedUtilisation must be in \(0, 1\]/],
    ['no connect attempt at all', { connectRetry: { attempts: 0 } }, /connectRetry.attempts/],
  ])('rejects %s with INVALID_OPTIONS', (_name, overrides, message) => {
    expect(() => resolvePoolOptions({ ...base, ...overrides })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', message: expect.stringMatching(message) }),
    );
  });
});
