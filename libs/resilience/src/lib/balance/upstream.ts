import { checkOption } from '../errors/check-option';
import { PeakEwma } from './peak-ewma';
import type { UpstreamOptions } from './upstream-options';

/** An upstream and what the balancer knows about it. */
export class Upstream {
  readonly id: string;
  readonly url: string;
  readonly weight: number;
  /** Requests sent and not yet answered. */
  inFlight = 0;
  /** Failures in a row (passive outlier detection). */
  consecutiveFailures = 0;
  /** Successes in a row since the last failure. */
  consecutiveSuccesses = 0;
  /** Times ejected without being forgiven (drives the growing ejection time). */
  ejections = 0;
  /** Until when (balancer clock, ms) it receives no traffic. */
  ejectedUntil = 0;
  /** Set by active health checks; an unhealthy upstream receives no traffic. */
  healthy = true;
  readonly latency: PeakEwma;

  constructor(options: UpstreamOptions, decayMs: number, now: number) {
    this.url = options.url.replace(/\/+$/, '');
    this.id = options.id ?? this.url;
    this.weight = checkOption(`upstream ${this.id}: weight`, options.weight ?? 1, Number.MIN_VALUE);
    this.latency = new PeakEwma(decayMs, now);
  }

  /** Whether it may receive traffic at `now`. */
  isAvailable(now: number): boolean {
    return this.healthy && this.ejectedUntil <= now;
  }
}
