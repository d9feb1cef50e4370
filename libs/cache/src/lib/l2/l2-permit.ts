/** What `L2Breaker.acquire` granted: an ordinary call, or the single probe of a half-open breaker. */
export type L2Permit = 'call' | 'probe';
