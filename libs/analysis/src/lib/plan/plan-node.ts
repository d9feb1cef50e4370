/** The fields of an `EXPLAIN (VERBOSE, FORMAT JSON)` node that the analysis reads. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Schema?: string;
  Alias?: string;
  'Index Name'?: string;
  'Total Cost': number;
  'Plan Rows': number;
  Filter?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  'Hash Cond'?: string;
  'Merge Cond'?: string;
  'Join Filter'?: string;
  'Sort Key'?: string[];
  Plans?: PlanNode[];
}

/** Every node of a plan, parents before children. */
export function* walkPlan(node: PlanNode, parents: PlanNode[] = []): Generator<[PlanNode, PlanNode[]]> {
  yield [node, parents];
  for (const child of node.Plans ?? []) yield* walkPlan(child, [...parents, node]);
}
