/**
 * Decides which borrows capture the borrower's stack for leak reports. A captured `Error` costs
 * ~5 µs (as much as five hand-outs), and V8 formats its `.stack` only when it is read — when a
 * leak is reported. So one borrow in `every` is captured (the first one always), and after a
 * leak every borrow is, for `windowMs`: the next report of a recurring leak names its borrower.
 */
export class LeakStackSampler {
  private countdown = 0;
  private captureAllUntil = -Infinity;

  constructor(
    private readonly every: number,
    private readonly windowMs: number,
  ) {}

  capture(now: number, poolName: string): Error | undefined {
    if (--this.countdown > 0 && now >= this.captureAllUntil) return undefined;
    this.countdown = this.every;
    return new Error(`connection of pool "${poolName}" borrowed here`);
  }

  leakReported(now: number): void {
    this.captureAllUntil = now + this.windowMs;
  }
}
