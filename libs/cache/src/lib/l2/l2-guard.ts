/**
 * Runs one L2 round trip under the tier's breaker and timeout: rejects with `L2_UNAVAILABLE` at
 * once while the breaker is open, `L2_TIMEOUT` after the operation timeout, `L2_UNAVAILABLE`
 * (with the Redis error as `cause`) when Redis fails.
 */
export type L2Guard = <T>(what: string, work: () => Promise<T>) => Promise<T>;
