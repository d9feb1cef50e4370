/** A bulkhead's configuration. */
export interface BulkheadOptions {
  /** Calls running at once (default 10). */
  maxConcurrent?: number;
  /** Calls waiting for a slot; beyond that they are rejected at once with `BULKHEAD_FULL` (default 0). */
  maxQueue?: number;
  /** Shown in the error message (default `bulkhead`). */
  name?: string;
}
