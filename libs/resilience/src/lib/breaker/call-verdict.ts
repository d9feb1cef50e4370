/**
 * How a breaker counts one call's error or result:
 * - `failure`: counts towards the failure rate (and the slow rate when it was slow);
 * - `slow`: counts as a slow call whatever its duration, but not as a failure (a statement timeout);
 * - `success`: counts as a success (a 404 is the caller's problem, not the dependency's);
 * - `ignore`: not counted at all (a constraint violation, a call the caller aborted).
 */
export type CallVerdict = 'success' | 'failure' | 'slow' | 'ignore';
