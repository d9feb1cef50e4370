import { buildCandidates } from './candidates/build-candidates';
import { type CandidateIndex, candidateKey, createIndexSql } from './candidates/candidate-index';
import { AnalysisError } from './analysis.error';
import { readIndexes, readTableFacts, type TableFacts } from './catalog/table-facts';
import { prefixDuplicateIndexes, seqScanHeavyTables, type TableScans, unusedIndexes } from './findings/index-hygiene';
import { explainGeneric } from './plan/explain-generic';
import { relationUsages } from './plan/relation-usage';
import type { BestCandidate, QueryAnalysisReport, StatementOutcome } from './report/query-analysis-report';
import type { Recommendation } from './report/recommendation';
import type { SqlSession } from './sql-session';
import { readTopStatements } from './statements/read-top-statements';
import type { TopStatement } from './statements/top-statement';
import { HypotheticalIndexes } from './whatif/hypothetical-indexes';

export interface QueryAnalysisOptions {
  /** The analysed database's name: the scope of every recommendation. */
  database: string;
  /** How many statements of `pg_stat_statements` to analyse, by total time (default 50). */
  topStatements?: number;
  /** `statement_timeout` of each EXPLAIN (default 5 s). */
  statementTimeoutMs?: number;
  /** Dexter's rule: only plans costing at least this much are worth an index (default 100). */
  minBaseCost?: number;
  /** Dexter's rule: the index must cut the plan cost by at least this fraction (default 0.5). */
  minSaving?: number;
  /** The saving lost by a table that is only written (default 0.6), in proportion to its writes. */
  maxWritePenalty?: number;
  /** Only these schemas' tables and indexes (default: every user schema). */
  schemas?: string[];
  /** Use HypoPG when the database has it (default true); false forces the heuristic answer. */
  hypopg?: boolean;
  onProgress?: (done: number, total: number) => Promise<void> | void;
}

interface IndexFinding {
  candidate: CandidateIndex;
  statements: Array<StatementOutcome & { best: BestCandidate; costBefore: number }>;
}

/**
 * Query and index analysis of one database, on one pinned session (see {@link SqlSession}):
 * the top statements of `pg_stat_statements`, their generic plans, candidate indexes from their
 * filters, joins and `ORDER BY … LIMIT`, HypoPG what-if costs under dexter's rule less a write
 * penalty, then unused, prefix-duplicate indexes and sequential-scan-heavy tables.
 * Without HypoPG, candidates are judged by the plan alone and flagged low confidence.
 */
export class QueryAnalyzer {
  private readonly facts = new Map<string, Promise<TableFacts>>();
  private readonly options: Required<Omit<QueryAnalysisOptions, 'schemas' | 'onProgress'>> &
    Pick<QueryAnalysisOptions, 'schemas' | 'onProgress'>;

  constructor(
    private readonly session: SqlSession,
    options: QueryAnalysisOptions,
  ) {
    this.options = {
      topStatements: 50,
      statementTimeoutMs: 5000,
      minBaseCost: 100,
      minSaving: 0.5,
      maxWritePenalty: 0.6,
      hypopg: true,
      ...options,
    };
  }

  async run(): Promise<QueryAnalysisReport> {
    const started = performance.now();
    const version = await this.session.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    const serverVersion = Number(version.rows[0].v);
    const hypopg = this.options.hypopg && (await HypotheticalIndexes.available(this.session));
    const whatIf = hypopg ? new HypotheticalIndexes(this.session) : undefined;
    const statements = await readTopStatements(this.session, this.options.topStatements);
    const outcomes: StatementOutcome[] = [];
    const findings = new Map<string, IndexFinding>();
    try {
      for (const [position, statement] of statements.entries()) {
        const outcome = await this.analyseStatement(statement, serverVersion, whatIf, findings);
        if (outcome !== undefined) outcomes.push(outcome);
        await this.options.onProgress?.(position + 1, statements.length);
      }
    } finally {
      await whatIf?.reset();
    }
    const recommendations = [
      ...[...findings.values()].map((finding) => this.indexRecommendation(finding, hypopg)),
      ...(await this.hygiene()),
    ];
    return {
      database: this.options.database,
      serverVersion,
      confidence: hypopg ? 'high' : 'low',
      statements: outcomes,
      recommendations,
      durationMs: Math.round(performance.now() - started),
    };
  }

  private async analyseStatement(
    statement: TopStatement,
    serverVersion: number,
    whatIf: HypotheticalIndexes | undefined,
    findings: Map<string, IndexFinding>,
  ): Promise<StatementOutcome | undefined> {
    const explain = { statementTimeoutMs: this.options.statementTimeoutMs, serverVersion };
    const outcome: StatementOutcome = {
      queryId: statement.queryId,
      query: statement.query.length > 2000 ? `${statement.query.slice(0, 2000)}…` : statement.query,
      calls: statement.calls,
      meanTimeMs: round(statement.meanTimeMs),
      totalTimeMs: round(statement.totalTimeMs),
      verdict: 'skipped',
    };
    let plan;
    try {
      plan = await explainGeneric(this.session, statement.query, explain);
    } catch (error) {
      if (!(error instanceof AnalysisError)) throw error;
      return { ...outcome, reason: `${error.code}: ${error.message}` };
    }
    const costBefore = plan['Total Cost'];
    const usages = relationUsages(plan).filter(
      (usage) => this.options.schemas === undefined || this.options.schemas.includes(usage.schema),
    );
    if (usages.length === 0) return undefined;
    const candidates: CandidateIndex[] = [];
    for (const usage of usages) {
      candidates.push(...buildCandidates(usage, await this.tableFacts(usage.schema, usage.table)));
    }
    const measured = { ...outcome, costBefore };
    if (candidates.length === 0) return { ...measured, verdict: 'no-candidate' };
    if (costBefore < this.options.minBaseCost) {
      return { ...measured, verdict: 'no-gain', reason: `plan cost ${costBefore} is below ${this.options.minBaseCost}` };
    }

    let best: { candidate: CandidateIndex; cost: number } | undefined;
    if (whatIf !== undefined) {
      for (const candidate of candidates) {
        let cost: number;
        try {
          cost = await whatIf.with(candidate, async () => (await explainGeneric(this.session, statement.query, explain))['Total Cost']);
        } catch (error) {
          if (!(error instanceof AnalysisError)) throw error;
          continue;
        }
        // The cheapest wins; within 1 %, the one with fewer columns (cheaper to keep up to date).
        if (
          best === undefined ||
          cost < best.cost * 0.99 ||
          (cost <= best.cost * 1.01 && candidate.columns.length < best.candidate.columns.length)
        ) {
          best = { candidate, cost };
        }
      }
    } else {
      // Heuristic: the widest candidate of the table the plan scans sequentially at the highest cost.
      const scanned = usages.filter((usage) => usage.seqScanCost >= costBefore * this.options.minSaving);
      const pick = candidates
        .filter((candidate) => scanned.some((usage) => usage.table === candidate.table && usage.schema === candidate.schema))
        .sort((a, b) => b.columns.length - a.columns.length)[0];
      if (pick !== undefined) {
        const usage = scanned.find((u) => u.table === pick.table && u.schema === pick.schema)!;
        best = { candidate: pick, cost: costBefore - usage.seqScanCost };
      }
    }
    if (best === undefined) return { ...measured, verdict: 'no-gain', reason: 'no candidate could be costed' };

    const facts = await this.tableFacts(best.candidate.schema, best.candidate.table);
    const writeShare = facts.writes / Math.max(1, facts.writes + facts.reads);
    const saving = (costBefore - best.cost) / costBefore;
    const writePenalty = this.options.maxWritePenalty * writeShare;
    const bestCandidate: BestCandidate = {
      index: candidateKey(best.candidate),
      costAfter: round(best.cost),
      saving: round(saving, 4),
      writePenalty: round(writePenalty, 4),
      adjustedSaving: round(saving - writePenalty, 4),
    };
    const judged = { ...measured, best: bestCandidate };
    if (saving < this.options.minSaving) return { ...judged, verdict: 'no-gain' };
    if (saving - writePenalty < this.options.minSaving) {
      return {
        ...judged,
        verdict: 'penalised',
        reason: `${Math.round(writeShare * 100)} % of the table's activity is writes (${facts.writes} rows written, ${facts.reads} scans)`,
      };
    }
    const recommended = { ...judged, verdict: 'recommended' as const };
    const key = bestCandidate.index;
    const finding = findings.get(key) ?? { candidate: best.candidate, statements: [] };
    finding.statements.push(recommended);
    findings.set(key, finding);
    return recommended;
  }

  private indexRecommendation(finding: IndexFinding, hypopg: boolean): Recommendation {
    const { candidate, statements } = finding;
    const calls = statements.reduce((sum, s) => sum + s.calls, 0);
    const totalTimeMs = round(statements.reduce((sum, s) => sum + s.totalTimeMs, 0));
    const top = [...statements].sort((a, b) => b.best.adjustedSaving - a.best.adjustedSaving)[0];
    const severity = top.best.adjustedSaving >= 0.9 && totalTimeMs >= 1000 ? 'critical' : 'warning';
    const columns = candidate.columns.join(', ');
    return {
      kind: 'missing-index',
      severity: hypopg ? severity : 'warning',
      title: `Index ${candidate.schema}.${candidate.table} (${columns})`,
      evidence: {
        confidence: hypopg ? 'high' : 'low',
        method: hypopg ? 'hypopg what-if (generic plans, EXPLAIN without ANALYZE)' : 'heuristic: no HypoPG, plan shape only',
        index: createIndexSql(candidate),
        statements: statements.map((s) => ({
          queryId: s.queryId,
          query: s.query,
          calls: s.calls,
          meanTimeMs: s.meanTimeMs,
          totalTimeMs: s.totalTimeMs,
          costBefore: s.costBefore,
          costAfter: s.best.costAfter,
          saving: s.best.saving,
          writePenalty: s.best.writePenalty,
        })),
      },
      action: createIndexSql(candidate, { concurrently: true }),
      estimatedGain: `${Math.round(top.best.saving * 100)} % lower plan cost (${top.costBefore} → ${top.best.costAfter}) for ${statements.length} statement(s): ${calls} calls, ${totalTimeMs} ms in total`,
      scope: this.options.database,
      fingerprint: `missing-index:${this.options.database}:${candidateKey(candidate)}`,
    };
  }

  private async hygiene(): Promise<Recommendation[]> {
    const { database, schemas } = this.options;
    const indexes = await readIndexes(this.session, { schemas });
    const since = await this.session.query<{ stats_reset: Date | null }>(
      'SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()',
    );
    const tables = await this.session.query<{
      schema: string;
      table: string;
      live_rows: string;
      seq_scans: string;
      seq_rows_read: string;
      index_scans: string;
    }>(
      // Rows from pg_class.reltuples (kept by VACUUM/ANALYZE), not n_live_tup: resetting a
      // table's counters zeroes that one too.
      `SELECT t.schemaname AS schema, t.relname AS "table", greatest(c.reltuples, 0)::bigint AS live_rows,
              t.seq_scan AS seq_scans, t.seq_tup_read AS seq_rows_read, coalesce(t.idx_scan, 0) AS index_scans
         FROM pg_stat_user_tables t JOIN pg_class c ON c.oid = t.relid
        WHERE $1::text[] IS NULL OR t.schemaname = ANY ($1)`,
      [schemas ?? null],
    );
    const scans: TableScans[] = tables.rows.map((row) => ({
      schema: row.schema,
      table: row.table,
      liveRows: Number(row.live_rows),
      seqScans: Number(row.seq_scans),
      seqRowsRead: Number(row.seq_rows_read),
      indexScans: Number(row.index_scans),
    }));
    return [
      ...unusedIndexes(indexes, database, since.rows[0]?.stats_reset?.toISOString() ?? null),
      ...prefixDuplicateIndexes(indexes, database),
      ...seqScanHeavyTables(scans, database, { minRows: 10_000, minRowsPerScan: 10_000 }),
    ];
  }

  private tableFacts(schema: string, table: string): Promise<TableFacts> {
    const key = `${schema}.${table}`;
    let facts = this.facts.get(key);
    if (facts === undefined) {
      facts = readTableFacts(this.session, schema, table);
      this.facts.set(key, facts);
    }
    return facts;
  }
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
