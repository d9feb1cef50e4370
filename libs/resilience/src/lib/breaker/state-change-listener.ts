import type { StateChangeEvent } from './state-change-event';

/** Told about every transition of a breaker. */
export type StateChangeListener = (event: StateChangeEvent) => void;
