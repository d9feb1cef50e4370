import { Inject, Injectable } from '@nestjs/common';
import { QueryAnalyzer, type QueryAnalysisReport } from '@hotpath/analysis';
import { UnrecoverableError } from 'bullmq';
import pg from 'pg';
import { WORKER_CONFIG } from '../worker-config.token';
import type { WorkerConfig } from '../config';
import { AnalysisBusyError } from './analysis-busy.error';
import { databaseName } from './optimization-settings';

/** The advisory lock every analysis of a database holds: one at a time per database, fleet-wide. */
const ANALYSIS_LOCK = 'hotpath:query-analysis';

/**
 * Runs the query analysis (@hotpath/analysis) of the databases of `ANALYSIS_DATABASE_URLS`, each
 * on a session of its own: a `pg.Client` (never a pooled or PgBouncer connection: prepared
 * statements and HypoPG live in the session), `default_transaction_read_only` on.
 *
 * One analysis per database at a time: the session takes `pg_try_advisory_lock` on the analysed
 * database itself. Unlike a Redis lock with a TTL, it cannot expire under a long analysis nor
 * outlive a worker that died: it goes with the session. Busy → {@link AnalysisBusyError}.
 */
@Injectable()
export class QueryAnalysisTask {
  constructor(@Inject(WORKER_CONFIG) private readonly config: WorkerConfig) {}

  /** The URLs a job's scope names (a database name), or all of them without a scope. */
  databases(scope: string | undefined): string[] {
    const urls = this.config.optimization.analysisDatabaseUrls;
    if (scope === undefined) return urls;
    const matching = urls.filter((url) => databaseName(url) === scope);
    if (matching.length === 0) {
      throw new UnrecoverableError(
        `scope ${scope} is not an analysed database (ANALYSIS_DATABASE_URLS has ${urls.map(databaseName).join(', ')})`,
      );
    }
    return matching;
  }

  async run(url: string, onProgress: (done: number, total: number) => Promise<void>): Promise<QueryAnalysisReport> {
    const database = databaseName(url);
    const session = new pg.Client({
      connectionString: url,
      application_name: `${this.config.serviceName}:analysis`,
      options: '-c default_transaction_read_only=on',
    });
    await session.connect();
    try {
      const { rows } = await session.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
        ANALYSIS_LOCK,
      ]);
      if (!rows[0].locked) throw new AnalysisBusyError(database);
      return await new QueryAnalyzer(session, {
        database,
        topStatements: this.config.optimization.topStatements,
        statementTimeoutMs: this.config.optimization.statementTimeoutMs,
        onProgress,
      }).run();
    } finally {
      // Ending the session releases the advisory lock (and any hypothetical index).
      await session.end();
    }
  }
}
