/**
 * What happened to one call, as the `outcome` label of `resilience_calls_total`:
 * `slow` is a slow success, `slow_failure` a failure that was also slow, `rejected` a call the
 * breaker did not let through.
 */
export type CallOutcome = 'success' | 'failure' | 'slow' | 'slow_failure' | 'ignored' | 'rejected';

/** Every outcome, in a stable order (metrics pre-create one child per outcome). */
export const CALL_OUTCOMES: readonly CallOutcome[] = [
  'success',
  'failure',
  'slow',
  'slow_failure',
  'ignored',
  'rejected',
];
