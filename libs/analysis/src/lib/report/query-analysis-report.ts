import type { Recommendation } from './recommendation';

export type StatementVerdict =
  /** An index brings the plan cost down by the rule's saving, write penalty included. */
  | 'recommended'
  /** Cheap already, or no candidate saves enough. */
  | 'no-gain'
  /** A candidate saves enough for reads, but not once the table's write overhead is counted. */
  | 'penalised'
  /** No column of a filter, join or ORDER BY … LIMIT to index, or indexed already. */
  | 'no-candidate'
  /** Not planned: timeout, unknown parameter type, relation not on the search path. */
  | 'skipped';

export interface BestCandidate {
  index: string;
  costAfter: number;
  saving: number;
  writePenalty: number;
  adjustedSaving: number;
}

/** What the analysis made of one statement of `pg_stat_statements`. */
export interface StatementOutcome {
  queryId: string;
  query: string;
  calls: number;
  meanTimeMs: number;
  totalTimeMs: number;
  costBefore?: number;
  verdict: StatementVerdict;
  reason?: string;
  best?: BestCandidate;
}

export interface QueryAnalysisReport {
  database: string;
  serverVersion: number;
  /** `high` with HypoPG what-if costs; `low` when HypoPG is missing and candidates are guessed. */
  confidence: 'high' | 'low';
  statements: StatementOutcome[];
  recommendations: Recommendation[];
  durationMs: number;
}
