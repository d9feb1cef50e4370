/**
 * Why an entry left the store: `size` (a bound was exceeded, or admission rejected it), `expired`
 * (past its `staleUntil`), `explicit` (`delete`).
 */
export type EvictionReason = 'size' | 'expired' | 'explicit';
