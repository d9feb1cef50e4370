import type { CircuitState } from './circuit-state';

/** Emitted by a breaker on every transition, manual ones included. */
export interface StateChangeEvent {
  breaker: string;
  from: CircuitState;
  to: CircuitState;
  /** When it happened, on the breaker's clock (ms). */
  at: number;
  /** For a transition to `open`: how long it stays open before letting probes through. */
  openForMs?: number;
}
