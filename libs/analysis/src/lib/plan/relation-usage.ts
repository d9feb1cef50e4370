import { type PlanNode, walkPlan } from './plan-node';

/** How one statement's plan uses the columns of one table: what an index on it could serve. */
export interface RelationUsage {
  schema: string;
  table: string;
  /** Columns compared with `=`, `= ANY`, `IS` (filters and join conditions). */
  equality: string[];
  /** Columns compared with `<`, `<=`, `>`, `>=`. */
  range: string[];
  /** The sort keys of an `ORDER BY … LIMIT` on this table alone, e.g. `created_at DESC`. */
  sortUnderLimit: string[];
  /** The highest cost of a sequential scan of the table in the plan (0 if none). */
  seqScanCost: number;
}

const IDENT = '(?:"[^"]+"|[A-Za-z_][\\w$]*)';
const REF = new RegExp(`(${IDENT})\\.(${IDENT})`, 'g');
const OPERATOR_AFTER = /^\)*(?:::[\w ."[\]]+?)?\)*\s*(<=|>=|<>|!=|=|<|>|IS\b)/i;
const OPERATOR_BEFORE = /(<=|>=|<>|!=|=|<|>)\s*\(*$/;
const CONDITIONS = ['Filter', 'Index Cond', 'Recheck Cond', 'Hash Cond', 'Merge Cond', 'Join Filter'] as const;
const PASS_THROUGH = new Set(['Sort', 'Incremental Sort', 'Gather Merge', 'Gather', 'Result', 'Subquery Scan']);
const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema', 'pg_toast']);

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name;
}

type Comparison = 'equality' | 'range';

/** `(alias, column, comparison)` of every column compared in an EXPLAIN VERBOSE condition. */
export function comparedColumns(condition: string): Array<[string, string, Comparison]> {
  const found: Array<[string, string, Comparison]> = [];
  for (const match of condition.matchAll(REF)) {
    const after = OPERATOR_AFTER.exec(condition.slice(match.index + match[0].length));
    const before = OPERATOR_BEFORE.exec(condition.slice(0, match.index));
    const operator = (after?.[1] ?? before?.[1])?.toUpperCase();
    if (operator === undefined || operator === '<>' || operator === '!=') continue;
    const comparison: Comparison = operator === '=' || operator === 'IS' ? 'equality' : 'range';
    found.push([unquote(match[1]), unquote(match[2]), comparison]);
  }
  return found;
}

function sortKeysUnderLimit(limit: PlanNode): string[] | undefined {
  let node: PlanNode | undefined = limit.Plans?.[0];
  while (node !== undefined) {
    if (node['Sort Key'] !== undefined) return node['Sort Key'];
    if (!PASS_THROUGH.has(node['Node Type']) || (node.Plans?.length ?? 0) !== 1) return undefined;
    node = node.Plans?.[0];
  }
  return undefined;
}

/** The user tables a plan reads, with the columns its conditions and its `ORDER BY … LIMIT` use. */
export function relationUsages(plan: PlanNode): RelationUsage[] {
  const byAlias = new Map<string, RelationUsage>();
  const byTable = new Map<string, RelationUsage>();
  for (const [node] of walkPlan(plan)) {
    const table = node['Relation Name'];
    if (table === undefined || node.Schema === undefined || SYSTEM_SCHEMAS.has(node.Schema)) continue;
    const key = `${node.Schema}.${table}`;
    const usage = byTable.get(key) ?? {
      schema: node.Schema,
      table,
      equality: [],
      range: [],
      sortUnderLimit: [],
      seqScanCost: 0,
    };
    byTable.set(key, usage);
    byAlias.set(node.Alias ?? table, usage);
    if (node['Node Type'] === 'Seq Scan') usage.seqScanCost = Math.max(usage.seqScanCost, node['Total Cost']);
  }
  const add = (list: string[], column: string): void => {
    if (!list.includes(column)) list.push(column);
  };
  for (const [node] of walkPlan(plan)) {
    for (const field of CONDITIONS) {
      const condition = node[field];
      if (condition === undefined) continue;
      for (const [alias, column, comparison] of comparedColumns(condition)) {
        const usage = byAlias.get(alias);
        if (usage !== undefined) add(usage[comparison], column);
      }
    }
    if (node['Node Type'] !== 'Limit') continue;
    const keys = sortKeysUnderLimit(node);
    if (keys === undefined) continue;
    const parsed = keys.map((key) => new RegExp(`^(${IDENT})\\.(${IDENT})( DESC)?( NULLS (?:FIRST|LAST))?$`).exec(key));
    const aliases = new Set(parsed.map((match) => (match ? unquote(match[1]) : undefined)));
    const alias = [...aliases][0];
    if (aliases.size !== 1 || alias === undefined) continue;
    const usage = byAlias.get(alias);
    if (usage === undefined) continue;
    usage.sortUnderLimit = parsed.map((match) => `${unquote(match![2])}${match![3] ?? ''}`);
  }
  return [...byTable.values()];
}
