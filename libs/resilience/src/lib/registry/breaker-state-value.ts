import type { CircuitState } from '../breaker/circuit-state';

/** The value of `resilience_breaker_state{name}` for each state (alert on `> 1`). */
export const BREAKER_STATE_VALUE: Readonly<Record<CircuitState, number>> = {
  closed: 0,
  disabled: 0,
  'half-open': 1,
  open: 2,
  'forced-open': 3,
};
