import type { TableFacts } from '../catalog/table-facts';
import type { RelationUsage } from '../plan/relation-usage';
import { type CandidateIndex, columnNames } from './candidate-index';

const MAX_COLUMNS = 3;

/**
 * Candidate btree indexes for one table of one statement:
 * - each compared column alone;
 * - the equality columns together, most distinct first (column order from `pg_stats`), then the
 *   first range column: `(customer_id, status)`, `(tenant_id, created_at)`;
 * - for `ORDER BY … LIMIT`, the equality columns then the sort keys, so the index returns the
 *   rows already in order and the scan stops at the limit: `(status, created_at DESC)`.
 * Columns unknown to the table (an alias resolved wrongly, an expression) are left out, and so is
 * a candidate that an existing index already starts with.
 */
export function buildCandidates(usage: RelationUsage, facts: TableFacts): CandidateIndex[] {
  const known = (column: string): boolean => facts.distinct.has(column);
  const distinct = (column: string): number => facts.distinct.get(column) ?? 0;
  const equality = usage.equality.filter(known).sort((a, b) => distinct(b) - distinct(a));
  const range = usage.range.filter((column) => known(column) && !equality.includes(column));
  const sort = usage.sortUnderLimit.filter((key) => known(key.replace(/ DESC$/, '')));

  const lists: string[][] = [...equality.map((c) => [c]), ...range.map((c) => [c])];
  if (equality.length > 1) lists.push(equality.slice(0, MAX_COLUMNS));
  if (equality.length > 0 && range.length > 0) lists.push([...equality.slice(0, MAX_COLUMNS - 1), range[0]]);
  if (sort.length > 0 && sort.length === usage.sortUnderLimit.length) {
    const sortColumns = sort.map((key) => key.replace(/ DESC$/, ''));
    const leading = equality.filter((column) => !sortColumns.includes(column));
    lists.push([...leading, ...sort].slice(0, MAX_COLUMNS));
    if (leading.length > 0) lists.push(sort.slice(0, MAX_COLUMNS));
  }

  const seen = new Set<string>();
  const candidates: CandidateIndex[] = [];
  for (const columns of lists) {
    const key = columns.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    const candidate = { schema: usage.schema, table: usage.table, columns };
    if (!coveredByExisting(candidate, facts)) candidates.push(candidate);
  }
  return candidates;
}

function coveredByExisting(candidate: CandidateIndex, facts: TableFacts): boolean {
  const names = columnNames(candidate);
  return facts.indexes.some(
    (index) =>
      index.method === 'btree' &&
      !index.partial &&
      index.columns.length >= names.length &&
      names.every((name, position) => index.columns[position] === name),
  );
}
