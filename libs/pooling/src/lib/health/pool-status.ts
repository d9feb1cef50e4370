/**
 * `up`: connections are handed out. `degraded`: they are, but utilisation has stayed above the
 * threshold (80 %) for the whole window — the pool is too small or the database too slow.
 * `down`: the last attempt to hand one out failed (timeout or connection error) and none has
 * succeeded since.
 */
export type PoolStatus = 'up' | 'degraded' | 'down';
