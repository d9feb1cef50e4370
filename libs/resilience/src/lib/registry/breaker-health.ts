import type { CircuitState } from '../breaker/circuit-state';

/** A breaker's state as a health: closed or disabled `up`, half-open `degraded`, open `down`. */
export type BreakerHealth = 'up' | 'degraded' | 'down';

/** The health of a breaker in `state`. */
export function healthOf(state: CircuitState): BreakerHealth {
  if (state === 'half-open') return 'degraded';
  return state === 'open' || state === 'forced-open' ? 'down' : 'up';
}
