import { PoolError } from '../errors/pool.error';
import type { PoolLoadSample } from './pool-load-sample';
import type { PoolSizingInput } from './pool-sizing-input';

/** Acquire rate and mean hold time between two samples of the same pool: the advisor's λ and W. */
export function observedLoad(
  from: PoolLoadSample,
  to: PoolLoadSample,
): Pick<PoolSizingInput, 'acquireRatePerSecond' | 'meanHoldSeconds'> {
  const seconds = (to.at - from.at) / 1000;
  if (!(seconds > 0) || to.acquires < from.acquires) {
    throw new PoolError(
      'INVALID_OPTIONS',
      'the second load sample must be later than the first, from the same pool',
    );
  }
  const holds = to.holds - from.holds;
  return {
    acquireRatePerSecond: (to.acquires - from.acquires) / seconds,
    meanHoldSeconds: holds === 0 ? 0 : (to.holdSeconds - from.holdSeconds) / holds,
  };
}
