import type { FrequencySketch } from '../sketch/frequency-sketch';

export interface WTinyLfuPolicyOptions {
  /** Entry capacity the window and main areas are sized from. */
  maximumSize: number;
  /** Frequencies used by admission; the store increments it, the policy only reads. */
  sketch: FrequencySketch;
  /** Resize the window by hill climbing (default true). */
  adaptive?: boolean;
  /** Source of randomness for the anti-flooding admission; defaults to Math.random. */
  random?: () => number;
}
