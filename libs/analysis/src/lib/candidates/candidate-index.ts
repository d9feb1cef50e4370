import { quoteIdent } from '../sql-session';

/** An index the analysis may recommend: btree on `columns`, each `name` or `name DESC`. */
export interface CandidateIndex {
  schema: string;
  table: string;
  columns: string[];
}

function column(key: string): string {
  const desc = key.endsWith(' DESC');
  const name = desc ? key.slice(0, -' DESC'.length) : key;
  return `${quoteIdent(name)}${desc ? ' DESC' : ''}`;
}

/** `CREATE INDEX ON "s"."t" ("a", "b" DESC)`: what HypoPG is asked to imagine. */
export function createIndexSql(candidate: CandidateIndex, options: { concurrently?: boolean } = {}): string {
  return `CREATE INDEX ${options.concurrently ? 'CONCURRENTLY ' : ''}ON ${quoteIdent(candidate.schema)}.${quoteIdent(
    candidate.table,
  )} (${candidate.columns.map(column).join(', ')})`;
}

/** `s.t(a, b DESC)`: a stable name of the candidate, used in fingerprints and titles. */
export function candidateKey(candidate: CandidateIndex): string {
  return `${candidate.schema}.${candidate.table}(${candidate.columns.join(', ')})`;
}

/** The plain column names of a candidate (without `DESC`). */
export function columnNames(candidate: CandidateIndex): string[] {
  return candidate.columns.map((key) => (key.endsWith(' DESC') ? key.slice(0, -' DESC'.length) : key));
}
