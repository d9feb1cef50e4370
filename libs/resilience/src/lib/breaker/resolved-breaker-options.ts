import { checkOption } from '../errors/check-option';
import { isResilienceError, ResilienceError } from '../errors/resilience.error';
import type { CallVerdict } from './call-verdict';
import type { CircuitBreakerOptions } from './circuit-breaker-options';

export type ResolvedBreakerOptions = Required<CircuitBreakerOptions>;

/** This library's own local rejections say nothing about the dependency's health. */
export function defaultClassifyError(error: unknown): CallVerdict {
  return isResilienceError(error, 'BULKHEAD_FULL', 'RATE_LIMITED', 'ABORTED') ? 'ignore' : 'failure';
}

const success = (): CallVerdict => 'success';
const now = (): number => performance.now();

/** Options with their defaults, checked: a bad value throws `INVALID_OPTIONS` naming it. */
export function resolveBreakerOptions(options: CircuitBreakerOptions): ResolvedBreakerOptions {
  const type = options.slidingWindowType ?? 'count';
  if (type !== 'count' && type !== 'time') {
    throw new ResilienceError(
      'INVALID_OPTIONS',
      `breaker ${options.name}: slidingWindowType must be 'count' or 'time', got ${String(type)}`,
    );
  }
  const at = (what: string) => `breaker ${options.name}: ${what}`;
  const size = checkOption(at('slidingWindowSize'), options.slidingWindowSize ?? (type === 'count' ? 100 : 60), 1, 1e6, true);
  const minimum = checkOption(at('minimumNumberOfCalls'), options.minimumNumberOfCalls ?? 20, 1, Infinity, true);
  const permitted = checkOption(
    at('permittedNumberOfCallsInHalfOpenState'),
    options.permittedNumberOfCallsInHalfOpenState ?? 10,
    1,
    Infinity,
    true,
  );
  const wait = checkOption(at('waitDurationInOpenStateMs'), options.waitDurationInOpenStateMs ?? 5_000, 0);
  return {
    name: options.name,
    slidingWindowType: type,
    slidingWindowSize: size,
    minimumNumberOfCalls: type === 'count' ? Math.min(minimum, size) : minimum,
    failureRateThreshold: checkOption(at('failureRateThreshold'), options.failureRateThreshold ?? 50, 0.0001, 100),
    slowCallRateThreshold: checkOption(at('slowCallRateThreshold'), options.slowCallRateThreshold ?? 100, 0.0001, 100),
    slowCallDurationThresholdMs: checkOption(
      at('slowCallDurationThresholdMs'),
      options.slowCallDurationThresholdMs ?? Infinity,
      0,
    ),
    permittedNumberOfCallsInHalfOpenState: permitted,
    maxConcurrentCallsInHalfOpenState: checkOption(
      at('maxConcurrentCallsInHalfOpenState'),
      options.maxConcurrentCallsInHalfOpenState ?? permitted,
      1,
      permitted,
      true,
    ),
    waitDurationInOpenStateMs: wait,
    openWaitMultiplier: checkOption(at('openWaitMultiplier'), options.openWaitMultiplier ?? 2, 1),
    maxWaitDurationInOpenStateMs: checkOption(
      at('maxWaitDurationInOpenStateMs'),
      options.maxWaitDurationInOpenStateMs ?? Math.max(wait, 60_000),
      wait,
    ),
    classifyError: options.classifyError ?? defaultClassifyError,
    classifyResult: options.classifyResult ?? success,
    clock: options.clock ?? now,
  };
}
