import type { ExecutionContext } from '../policy/execution-context';
import type { DeadlineQueue } from './deadline-queue';
import type { Expirable } from './expirable';

/**
 * One call under a timeout: its node on the deadline queue, and the context handed to the
 * operation. Its AbortController is created only when the operation reads `signal`; the caller's
 * signal is linked to it without a closure (the call is the listener, via `handleEvent`).
 */
export class TimedCall implements Expirable, ExecutionContext {
  prev: Expirable | undefined = undefined;
  next: Expirable | undefined = undefined;
  expired = false;
  reject: ((error: Error) => void) | undefined = undefined;
  private controller: AbortController | undefined = undefined;

  constructor(
    readonly deadline: number,
    private readonly queue: DeadlineQueue,
    private readonly parent: AbortSignal | undefined,
    private readonly timeoutError: Error,
  ) {}

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.expired) {
        this.controller.abort(this.timeoutError);
      } else if (this.parent !== undefined) {
        if (this.parent.aborted) this.controller.abort(this.parent.reason);
        else this.parent.addEventListener('abort', this, { once: true });
      }
    }
    return this.controller.signal;
  }

  /** The caller's signal was aborted: pass it on. */
  handleEvent(): void {
    this.controller?.abort(this.parent?.reason);
  }

  /** The operation settled in time: disarm. */
  finish(): void {
    this.queue.remove(this);
    this.reject = undefined;
    this.unlink();
  }

  expire(): void {
    this.expired = true;
    this.unlink();
    this.controller?.abort(this.timeoutError);
    this.reject?.(this.timeoutError);
    this.reject = undefined;
  }

  private unlink(): void {
    if (this.controller !== undefined && this.parent !== undefined) this.parent.removeEventListener('abort', this);
  }
}
