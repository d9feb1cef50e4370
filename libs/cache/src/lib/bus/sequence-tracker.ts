import { CacheError } from '../errors/cache.error';
import type { SequenceVerdict } from './sequence-verdict';

/** How many origins a tracker remembers by default before it forgets the least recently heard. */
const DEFAULT_MAX_TRACKED_ORIGINS = 1024;

/**
 * Remembers the last sequence number heard from each origin and tells whether the next one follows
 * it. Every restart of an instance is a new origin, so the map would grow without bound in a
 * long-lived receiver: it keeps the `maxOrigins` most recently heard origins (a Map in recency
 * order, O(1) per message). A forgotten origin that speaks again is simply `first` again.
 */
export class SequenceTracker {
  private readonly last = new Map<string, number>();

  constructor(private readonly maxOrigins = DEFAULT_MAX_TRACKED_ORIGINS) {
    if (!Number.isInteger(maxOrigins) || maxOrigins < 1) {
      throw new CacheError('INVALID_OPTIONS', `maxOrigins must be a positive integer, got ${maxOrigins}`);
    }
  }

  /** Number of origins remembered. */
  get size(): number {
    return this.last.size;
  }

  /**
   * Records `seq` as the last number heard from `origin` and returns `gap` unless it is exactly one
   * more than the previous one (a first message from an unknown origin is never a gap).
   */
  observe(origin: string, seq: number): SequenceVerdict {
    const previous = this.last.get(origin);
    this.last.delete(origin);
    this.last.set(origin, seq);
    if (previous === undefined) {
      this.forgetOldest();
      return 'first';
    }
    return seq === previous + 1 ? 'next' : 'gap';
  }

  /** Forgets every origin (after an outage, whose loss is signalled on its own). */
  clear(): void {
    this.last.clear();
  }

  private forgetOldest(): void {
    while (this.last.size > this.maxOrigins) {
      const oldest = this.last.keys().next().value as string;
      this.last.delete(oldest);
    }
  }
}
