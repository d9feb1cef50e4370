import type { AcquireCallback } from './acquire-callback';

/** A caller of `connect()` that found no idle connection. */
export interface AcquireWaiter {
  callback: AcquireCallback;
  startedAt: number;
  deadline: number;
  site: Error | undefined;
  /** Served, timed out or aborted: left in the queue to be skipped (O(1) removal). */
  settled: boolean;
  signal?: AbortSignal;
  onAbort?: () => void;
}
