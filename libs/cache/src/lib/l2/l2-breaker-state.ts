/** `open`: calls fail at once; `half-open`: the next call is let through as a probe. */
export type L2BreakerState = 'closed' | 'open' | 'half-open';
