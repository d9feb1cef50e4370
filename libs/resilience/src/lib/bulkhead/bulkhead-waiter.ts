import { ResilienceError } from '../errors/resilience.error';

/** A call queued for a bulkhead slot; its caller's signal can take it out of the queue. */
export class BulkheadWaiter {
  cancelled = false;

  constructor(
    readonly start: () => void,
    private readonly fail: (error: Error) => void,
    private readonly signal: AbortSignal | undefined,
    private readonly onCancel: () => void,
  ) {
    signal?.addEventListener('abort', this, { once: true });
  }

  /** Given a slot: leave the queue and run. */
  admit(): void {
    this.signal?.removeEventListener('abort', this);
    this.start();
  }

  handleEvent(): void {
    this.cancelled = true;
    this.onCancel();
    this.fail(
      new ResilienceError('ABORTED', 'the call was aborted while queued in the bulkhead', {
        cause: this.signal?.reason,
      }),
    );
  }
}
