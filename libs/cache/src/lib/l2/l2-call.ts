import type { BreakerPermit, Expirable } from '@hotpath/resilience';

/** Where an {@link L2Call} reports how it ended: the guard that started it. */
export interface L2CallOwner {
  succeeded(call: L2Call, value: unknown): void;
  failed(call: L2Call, error: unknown): void;
  timedOut(call: L2Call): void;
}

/**
 * One guarded L2 round trip in flight: its node on the timeout's deadline queue, its breaker
 * permit, and the settling functions of the caller's promise. It settles once: by the reply, an
 * error or the deadline, whichever comes first; the others are then ignored.
 */
export class L2Call implements Expirable {
  prev: Expirable | undefined = undefined;
  next: Expirable | undefined = undefined;
  settled = false;
  /** The caller's promise's settling functions, set as the promise is made. */
  resolve: (value: unknown) => void = unset;
  reject: (error: unknown) => void = unset;

  constructor(
    private readonly owner: L2CallOwner,
    /** Names the command in error messages (`GET`, `SCAN`…). */
    readonly what: string,
    readonly permit: BreakerPermit,
    /** `performance.now()` when the command was sent. */
    readonly started: number,
    readonly deadline: number,
    /** Turns the reply into the answer (decoding, for GET). */
    readonly answer: (value: never) => unknown,
  ) {}

  succeed(value: unknown): void {
    this.owner.succeeded(this, value);
  }

  fail(error: unknown): void {
    this.owner.failed(this, error);
  }

  expire(): void {
    this.owner.timedOut(this);
  }
}

const unset = (): undefined => undefined;
