export const AnalysisErrorCode = {
  /** `pg_stat_statements` is not installed in the analysed database. */
  NoStatementStatistics: 'NO_STATEMENT_STATISTICS',
  /** Planning a statement took longer than the statement timeout. */
  PlanTimeout: 'PLAN_TIMEOUT',
  /** The statement could not be planned (unknown parameter type, missing relation, …). */
  NotPlannable: 'NOT_PLANNABLE',
} as const;

export type AnalysisErrorCode = (typeof AnalysisErrorCode)[keyof typeof AnalysisErrorCode];

/** A failure of one analysis step, with a stable code; `cause` keeps the driver's error. */
export class AnalysisError extends Error {
  override readonly name = 'AnalysisError';

  constructor(
    readonly code: AnalysisErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
