export type RecommendationSeverity = 'info' | 'warning' | 'critical';

/**
 * A finding of an analysis, shaped like a row of the performance-service's recommendations:
 * the same finding of a later run has the same `fingerprint` and updates that row.
 */
export interface Recommendation {
  kind: string;
  severity: RecommendationSeverity;
  title: string;
  evidence: Record<string, unknown>;
  /** What to run or change, e.g. `CREATE INDEX CONCURRENTLY …`. */
  action: string;
  estimatedGain: string | null;
  /** What the finding is about: here the analysed database's name. */
  scope: string;
  fingerprint: string;
}
