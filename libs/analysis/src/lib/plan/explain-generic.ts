import { AnalysisError, AnalysisErrorCode } from '../analysis.error';
import { quoteIdent, type SqlSession } from '../sql-session';
import type { PlanNode } from './plan-node';

export interface ExplainOptions {
  statementTimeoutMs: number;
  /** `server_version_num`: 160000 and above have `EXPLAIN (GENERIC_PLAN)`. */
  serverVersion: number;
}

let sequence = 0;

/** The highest `$n` of a normalised statement: how many parameters its PREPARE takes. */
export function parameterCount(sql: string): number {
  let max = 0;
  for (const match of sql.matchAll(/\$(\d+)/g)) max = Math.max(max, Number(match[1]));
  return max;
}

/**
 * The generic plan of a normalised statement (its `$n` left as parameters), without running it:
 *
 * - in a `READ ONLY` transaction with a `statement_timeout`, rolled back afterwards;
 * - never `ANALYZE`: `EXPLAIN` only plans, so an analysed `DELETE` deletes nothing;
 * - on PostgreSQL 16+ with `EXPLAIN (GENERIC_PLAN)`; before, with `PREPARE` and
 *   `plan_cache_mode = force_generic_plan` (the NULL arguments of `EXECUTE` are never looked at
 *   by a generic plan). The prepared statement is new each time: a prepared statement keeps its
 *   cached plan, which would not see a hypothetical index created after it.
 */
export async function explainGeneric(
  session: SqlSession,
  sql: string,
  options: ExplainOptions,
): Promise<PlanNode> {
  const name = `hotpath_analysis_${process.pid}_${++sequence}`;
  let prepared = false;
  await session.query('BEGIN TRANSACTION READ ONLY');
  try {
    await session.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(options.statementTimeoutMs))}`);
    let rows: Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>;
    if (options.serverVersion >= 160000) {
      ({ rows } = await session.query(`EXPLAIN (GENERIC_PLAN, VERBOSE, FORMAT JSON) ${sql}`));
    } else {
      await session.query("SET LOCAL plan_cache_mode = 'force_generic_plan'");
      await session.query(`PREPARE ${quoteIdent(name)} AS ${sql}`);
      prepared = true;
      const count = parameterCount(sql);
      const args = count > 0 ? `(${Array.from({ length: count }, () => 'NULL').join(', ')})` : '';
      ({ rows } = await session.query(`EXPLAIN (VERBOSE, FORMAT JSON) EXECUTE ${quoteIdent(name)}${args}`));
    }
    return rows[0]['QUERY PLAN'][0].Plan;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '57014') {
      throw new AnalysisError(
        AnalysisErrorCode.PlanTimeout,
        `planning took longer than ${options.statementTimeoutMs} ms`,
        { cause: error },
      );
    }
    throw new AnalysisError(AnalysisErrorCode.NotPlannable, (error as Error).message, { cause: error });
  } finally {
    await session.query('ROLLBACK');
    // Prepared statements outlive a rollback; DEALLOCATE is only possible once it is over.
    if (prepared) await session.query(`DEALLOCATE ${quoteIdent(name)}`);
  }
}
