import { checkOption } from '../errors/check-option';
import type { OutlierDetectionOptions } from './outlier-detection-options';
import type { Upstream } from './upstream';

/**
 * Ejects an upstream after N failures in a row, for `base × 2^(ejections − 1)` (capped): each
 * ejection without a forgiving run of successes in between keeps it away longer. Once the time
 * has passed it is re-admitted and gets traffic again; another run of failures ejects it again.
 */
export class OutlierDetector {
  private readonly threshold: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly forgiveAfter: number;
  private readonly maxPercent: number;

  constructor(options: OutlierDetectionOptions = {}) {
    this.threshold = checkOption('outlier.consecutiveFailures', options.consecutiveFailures ?? 5, 1, Infinity, true);
    this.baseMs = checkOption('outlier.baseEjectionMs', options.baseEjectionMs ?? 1_000, 0);
    this.maxMs = checkOption('outlier.maxEjectionMs', options.maxEjectionMs ?? 30_000, this.baseMs);
    this.forgiveAfter = checkOption('outlier.successesToForgive', options.successesToForgive ?? 20, 1, Infinity, true);
    this.maxPercent = checkOption('outlier.maxEjectionPercent', options.maxEjectionPercent ?? 50, 0, 100);
  }

  onSuccess(upstream: Upstream): void {
    upstream.consecutiveFailures = 0;
    if (++upstream.consecutiveSuccesses >= this.forgiveAfter) upstream.ejections = 0;
  }

  /** Records a failure; true when it ejected the upstream. */
  onFailure(upstream: Upstream, all: readonly Upstream[], now: number): boolean {
    upstream.consecutiveSuccesses = 0;
    if (++upstream.consecutiveFailures < this.threshold || upstream.ejectedUntil > now) return false;
    const ejected = all.filter((other) => other.ejectedUntil > now).length;
    if (((ejected + 1) * 100) / all.length > this.maxPercent) return false;
    upstream.ejections++;
    upstream.consecutiveFailures = 0;
    upstream.ejectedUntil = now + Math.min(this.maxMs, this.baseMs * 2 ** (upstream.ejections - 1));
    return true;
  }
}
