/** Cumulative acquire and hold numbers of a pool at one instant; two of them give a rate. */
export interface PoolLoadSample {
  /** `performance.now()` when taken, milliseconds. */
  at: number;
  acquires: number;
  holds: number;
  holdSeconds: number;
}
