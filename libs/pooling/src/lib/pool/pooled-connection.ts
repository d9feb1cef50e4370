import type pg from 'pg';

/**
 * Book-keeping of one physical connection, kept beside the pg client rather than on it. Times are
 * `performance.now()` milliseconds.
 */
export class PooledConnection {
  /** idle → borrowed (→ validating first when it sat idle too long) → idle … → closed. */
  state: 'idle' | 'borrowed' | 'validating' | 'closed' = 'idle';
  /** When it last came back to the pool (or was created): the start of its idle time. */
  releasedAt: number;
  borrowedAt = 0;
  /** Captured at `connect()` only when leak detection is on; its stack is formatted only if a leak is reported. */
  site: Error | undefined;
  leakReported = false;
  /** The client raised an error while borrowed: it is closed at release instead of reused. */
  broken = false;
  lifetimeTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly client: pg.Client,
    readonly createdAt: number,
    /** `Infinity` when max lifetime is off. */
    readonly expiresAt: number,
  ) {
    this.releasedAt = createdAt;
  }
}
