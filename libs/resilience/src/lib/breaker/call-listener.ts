import type { CallOutcome } from './call-outcome';

/** Told about every call a breaker recorded or rejected (duration 0 for a rejection). */
export type CallListener = (outcome: CallOutcome, durationMs: number) => void;
