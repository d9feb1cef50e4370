export interface ZipfTraceOptions {
  /** Number of accesses. */
  length: number;
  /** Number of distinct keys (`key-0` is the most popular). */
  keys: number;
  /** Zipf exponent, e.g. 0.99. */
  exponent: number;
  seed: number;
}
