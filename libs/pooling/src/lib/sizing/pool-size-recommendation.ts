import type { PoolSizingEvidence } from './pool-sizing-evidence';

/**
 * The advisor's answer, a plain object the performance-service can store as a recommendation row
 * as is: what to set, what is set now, why.
 */
export interface PoolSizeRecommendation {
  recommendedSize: number;
  current: number;
  change: 'grow' | 'shrink' | 'keep';
  evidence: PoolSizingEvidence[];
  /** Sentences for a person: which rule decided, and what to do when the demand does not fit. */
  reasons: string[];
}
