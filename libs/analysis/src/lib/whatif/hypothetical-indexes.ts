import { type CandidateIndex, createIndexSql } from '../candidates/candidate-index';
import type { SqlSession } from '../sql-session';

/**
 * HypoPG on the analysis's pinned session: hypothetical indexes exist only in this backend, are
 * seen by the planner (EXPLAIN without ANALYZE) and by nothing else. `with` imagines one index
 * for the duration of a callback; `reset` drops every one, and runs in the analysis's `finally`.
 */
export class HypotheticalIndexes {
  constructor(private readonly session: SqlSession) {}

  static async available(session: SqlSession): Promise<boolean> {
    const { rows } = await session.query("SELECT 1 FROM pg_extension WHERE extname = 'hypopg'");
    return rows.length > 0;
  }

  async with<T>(candidate: CandidateIndex, run: () => Promise<T>): Promise<T> {
    const { rows } = await this.session.query<{ indexrelid: number }>(
      'SELECT indexrelid FROM hypopg_create_index($1)',
      [createIndexSql(candidate)],
    );
    try {
      return await run();
    } finally {
      await this.session.query('SELECT hypopg_drop_index($1)', [rows[0].indexrelid]);
    }
  }

  async reset(): Promise<void> {
    await this.session.query('SELECT hypopg_reset()');
  }
}
