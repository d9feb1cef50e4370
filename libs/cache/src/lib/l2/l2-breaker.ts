import { CacheError } from '../errors/cache.error';
import type { L2BreakerOptions } from './l2-breaker-options';
import type { L2BreakerState } from './l2-breaker-state';
import type { L2Permit } from './l2-permit';

/**
 * A consecutive-failure circuit breaker for L2: after `failureThreshold` failed calls in a row it
 * opens and callers fail at once, without touching Redis; after `openMs` it lets exactly one probe
 * through, whose outcome closes it again or reopens it for another `openMs`. While open, outcomes
 * of calls that started before it opened are ignored: only the probe decides.
 */
export class L2Breaker {
  private readonly failureThreshold: number;
  private readonly openMs: number;
  private readonly clock: () => number;
  private failures = 0;
  private openedAt: number | undefined;
  private probing = false;

  constructor(options: L2BreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.openMs = options.openMs ?? 2000;
    this.clock = options.clock ?? Date.now;
    if (!Number.isInteger(this.failureThreshold) || this.failureThreshold < 1) {
      throw new CacheError(
        'INVALID_OPTIONS',
        `breaker.failureThreshold must be a positive integer, got ${this.failureThreshold}`,
      );
    }
    if (!(this.openMs >= 0)) {
      throw new CacheError('INVALID_OPTIONS', `breaker.openMs must be ≥ 0, got ${this.openMs}`);
    }
  }

  get state(): L2BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.probing || this.clock() - this.openedAt >= this.openMs ? 'half-open' : 'open';
  }

  /** A permit to call Redis, or undefined when the caller must fail at once. */
  acquire(): L2Permit | undefined {
    if (this.openedAt === undefined) return 'call';
    if (this.probing || this.clock() - this.openedAt < this.openMs) return undefined;
    this.probing = true;
    return 'probe';
  }

  onSuccess(permit: L2Permit): void {
    if (this.openedAt !== undefined && permit !== 'probe') return;
    this.failures = 0;
    this.openedAt = undefined;
    this.probing = false;
  }

  onFailure(permit: L2Permit): void {
    if (permit === 'probe') {
      this.probing = false;
      this.openedAt = this.clock();
      return;
    }
    if (this.openedAt !== undefined) return;
    this.failures++;
    if (this.failures >= this.failureThreshold) this.openedAt = this.clock();
  }
}
