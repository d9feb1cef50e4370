/** One rule the advisor applied, with its number and the arithmetic behind it. */
export interface PoolSizingEvidence {
  rule: 'littles-law' | 'core-ceiling' | 'fleet-budget';
  /** Connections this rule asks for (Little's law) or allows at most (the ceilings). */
  value: number;
  /** The formula with the numbers put in, e.g. `ceil(120/s × 0.050 s × 1.25) = 8`. */
  formula: string;
}
