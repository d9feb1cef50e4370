/**
 * Permission for one call through a breaker: a number (the breaker's state epoch when it was
 * issued), so acquiring one allocates nothing. Always truthy. Report it exactly once.
 */
export type BreakerPermit = number;
