/** One pending write as the worker flushes it: value null is a delete. */
export interface WriteBehindEntry {
  key: string;
  version: number;
  value: unknown;
  requestId?: string;
}

/**
 * A source of truth write-behind flushes to. `write` resolves only once the sink has durably
 * applied the batch (committed, or answered 2xx): the entries are then removed from Redis. It must
 * be idempotent and apply an entry only over an older stored version, because a batch is written
 * again after a crash between the sink's confirmation and the removal, and two flushes of one
 * namespace may overlap.
 */
export interface WriteBehindSink {
  write(namespace: string, entries: WriteBehindEntry[]): Promise<void>;
  close?(): Promise<void>;
}
