import type { ExistingIndex } from '../catalog/table-facts';
import type { Recommendation } from '../report/recommendation';
import { quoteIdent } from '../sql-session';

const dropSql = (index: ExistingIndex): string =>
  `DROP INDEX CONCURRENTLY ${quoteIdent(index.schema)}.${quoteIdent(index.name)}`;
const isPlainBtree = (index: ExistingIndex): boolean =>
  index.method === 'btree' && !index.partial && index.columns.every((column) => column !== null);

/**
 * Indexes never scanned since the statistics were reset. Indexes that back a constraint (primary
 * key, unique) are kept: they enforce something even when no query reads them.
 */
export function unusedIndexes(indexes: ExistingIndex[], database: string, statsSince: string | null): Recommendation[] {
  return indexes
    .filter((index) => index.scans === 0 && !index.unique && !index.primary && !index.constraint)
    .map((index) => ({
      kind: 'unused-index',
      severity: 'info',
      title: `Index ${index.schema}.${index.name} on ${index.table} is never used`,
      evidence: {
        index: `${index.schema}.${index.name}`,
        table: `${index.schema}.${index.table}`,
        columns: index.columns,
        scans: index.scans,
        sizeBytes: index.sizeBytes,
        statisticsSince: statsSince,
        note: 'no scan since the statistics were reset; check replicas and rare jobs before dropping',
      },
      action: dropSql(index),
      estimatedGain: `${index.sizeBytes} bytes and one index update less per write`,
      scope: database,
      fingerprint: `unused-index:${database}:${index.schema}.${index.name}`,
    }));
}

/**
 * An index whose columns are a leading prefix of another index of the same table (or the same
 * columns twice): the longer index serves every query the shorter one does.
 */
export function prefixDuplicateIndexes(indexes: ExistingIndex[], database: string): Recommendation[] {
  const found: Recommendation[] = [];
  for (const shorter of indexes) {
    if (!isPlainBtree(shorter) || shorter.unique || shorter.primary || shorter.constraint) continue;
    const longer = indexes.find(
      (other) =>
        other !== shorter &&
        isPlainBtree(other) &&
        other.schema === shorter.schema &&
        other.table === shorter.table &&
        other.columns.length >= shorter.columns.length &&
        shorter.columns.every((column, position) => other.columns[position] === column) &&
        // Two identical indexes: keep the constrained one, else the first by name.
        (other.columns.length > shorter.columns.length || other.constraint || other.unique || other.name < shorter.name),
    );
    if (longer === undefined) continue;
    found.push({
      kind: 'duplicate-index',
      severity: 'warning',
      title: `Index ${shorter.schema}.${shorter.name} is a prefix of ${longer.name}`,
      evidence: {
        index: `${shorter.schema}.${shorter.name}`,
        columns: shorter.columns,
        coveredBy: `${longer.schema}.${longer.name}`,
        coveredByColumns: longer.columns,
        sizeBytes: shorter.sizeBytes,
        scans: shorter.scans,
      },
      action: dropSql(shorter),
      estimatedGain: `${shorter.sizeBytes} bytes and one index update less per write`,
      scope: database,
      fingerprint: `duplicate-index:${database}:${shorter.schema}.${shorter.name}`,
    });
  }
  return found;
}

/** A table from `pg_stat_user_tables` with its scan counters. */
export interface TableScans {
  schema: string;
  table: string;
  liveRows: number;
  seqScans: number;
  seqRowsRead: number;
  indexScans: number;
}

/**
 * Tables read mostly by sequential scans that each read many rows: the statements behind them
 * are the ones the index recommendations of the same run are about.
 */
export function seqScanHeavyTables(
  tables: TableScans[],
  database: string,
  thresholds: { minRows: number; minRowsPerScan: number },
): Recommendation[] {
  return tables
    .filter(
      (table) =>
        table.liveRows >= thresholds.minRows &&
        table.seqScans > table.indexScans &&
        table.seqRowsRead / Math.max(1, table.seqScans) >= thresholds.minRowsPerScan,
    )
    .map((table) => ({
      kind: 'seq-scan-heavy-table',
      severity: 'warning',
      title: `${table.schema}.${table.table} is mostly read by sequential scans`,
      evidence: { ...table, rowsPerSeqScan: Math.round(table.seqRowsRead / Math.max(1, table.seqScans)) },
      action: `Index the columns the statements on ${table.schema}.${table.table} filter, join or sort on (see this run's index recommendations)`,
      estimatedGain: null,
      scope: database,
      fingerprint: `seq-scan-heavy:${database}:${table.schema}.${table.table}`,
    }));
}
