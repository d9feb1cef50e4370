import type { EvictionPolicyName } from '../eviction/eviction-policy-name';

export interface ReplayOptions {
  /** Entry capacity of the store. */
  capacity: number;
  /** Default `tinylfu`. */
  policy?: EvictionPolicyName;
  /** Adaptive window for `tinylfu` (default true). */
  adaptiveWindow?: boolean;
  /** Seed-able randomness for the admission guard, so replays are reproducible; default Math.random. */
  random?: () => number;
}
