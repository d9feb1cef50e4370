import { PoolError } from '../errors/pool.error';
import type { PoolSizeRecommendation } from './pool-size-recommendation';
import type { PoolSizingEvidence } from './pool-sizing-evidence';
import type { PoolSizingInput } from './pool-sizing-input';

function check(input: PoolSizingInput): void {
  const nonNegative = {
    acquireRatePerSecond: input.acquireRatePerSecond,
    meanHoldSeconds: input.meanHoldSeconds,
    headroom: input.headroom ?? 0,
  };
  for (const [field, value] of Object.entries(nonNegative)) {
    if (!Number.isFinite(value) || value < 0)
      throw new PoolError('INVALID_OPTIONS', `${field} must be a finite number ≥ 0, got ${value}`);
  }
  const integers: [string, number | undefined, number][] = [
    ['currentSize', input.currentSize, 0],
    ['cpuCount', input.cpuCount, 1],
    ['effectiveSpindles', input.effectiveSpindles, 0],
    ['maxConnections', input.maxConnections, 1],
    ['reservedConnections', input.reservedConnections, 0],
    ['instances', input.instances, 1],
    ['poolsPerInstance', input.poolsPerInstance, 1],
    ['minSize', input.minSize, 1],
  ];
  for (const [field, value, min] of integers) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) {
      throw new PoolError('INVALID_OPTIONS', `${field} must be an integer ≥ ${min}, got ${value}`);
    }
  }
}

const round3 = (value: number): string => String(Math.round(value * 1000) / 1000);

/**
 * Recommends a pool size from three rules, and says which one decided:
 *
 * 1. Little's law — connections busy on average = arrival rate × mean hold time; the pool needs that
 *    plus headroom: `ceil(λ × W × (1 + headroom))` (at least `minSize`).
 * 2. The core ceiling — PostgreSQL does no more work with more connections than
 *    `cores × 2 + effective_spindles` (PostgreSQL wiki, HikariCP "About Pool Sizing"); beyond it
 *    queries queue inside the database instead of in the pool.
 * 3. The fleet budget — `(max_connections − reserved) ÷ (instances × pools per instance)`: what each
 *    pool may open without the fleet exhausting the server at full scale-out.
 *
 * recommended = clamp(Little's law, minSize, min(core ceiling, fleet budget)), never below 1.
 */
export function recommendPoolSize(input: PoolSizingInput): PoolSizeRecommendation {
  check(input);
  const headroom = input.headroom ?? 0.25;
  const minSize = input.minSize ?? 2;
  const spindles = input.effectiveSpindles ?? 1;
  const reserved = input.reservedConnections ?? 3;
  const pools = input.instances * (input.poolsPerInstance ?? 1);
  const busy = input.acquireRatePerSecond * input.meanHoldSeconds;
  const demand = Math.max(minSize, Math.ceil(busy * (1 + headroom) - 1e-9));
  const coreCeiling = input.cpuCount * 2 + spindles;
  const budget = Math.max(0, Math.floor((input.maxConnections - reserved) / pools));
  const evidence: PoolSizingEvidence[] = [
    {
      rule: 'littles-law',
      value: demand,
      formula: `max(${minSize}, ceil(${round3(input.acquireRatePerSecond)}/s × ${round3(input.meanHoldSeconds)} s × ${1 + headroom})) = ${demand}`,
    },
    {
      rule: 'core-ceiling',
      value: coreCeiling,
      formula: `${input.cpuCount} cores × 2 + ${spindles} spindle(s) = ${coreCeiling}`,
    },
    {
      rule: 'fleet-budget',
      value: budget,
      formula: `floor((${input.maxConnections} max_connections − ${reserved} reserved) / (${input.instances} instances × ${input.poolsPerInstance ?? 1} pool(s))) = ${budget}`,
    },
  ];
  const ceiling = Math.min(coreCeiling, budget);
  const recommendedSize = Math.max(1, Math.min(demand, ceiling));
  const reasons: string[] = [];
  if (demand <= ceiling) {
    reasons.push(
      `Little's law: ${round3(busy)} connections are busy on average; with ${headroom * 100} % headroom the pool needs ${demand}.`,
    );
  } else {
    const bound = budget < coreCeiling ? 'fleet budget' : 'core ceiling';
    reasons.push(
      `The demand (${demand}) is above the ${bound} (${ceiling}): more connections would queue in PostgreSQL instead of in the pool. ` +
        `Shorten the hold time (${round3(input.meanHoldSeconds * 1000)} ms per borrow), move reads to replicas, or put PgBouncer (transaction pooling) in front.`,
    );
  }
  if (budget < minSize) {
    reasons.push(
      `The fleet budget (${budget} per pool) is below the minimum of ${minSize}: at this scale-out the instances need PgBouncer or a larger max_connections.`,
    );
  }
  if (input.currentSize > 0 && busy >= input.currentSize) {
    reasons.push(
      `The current pool (${input.currentSize}) is saturated: ${round3(busy)} connections are busy on average, callers wait for the rest.`,
    );
  }
  const change =
    recommendedSize > input.currentSize ? 'grow' : recommendedSize < input.currentSize ? 'shrink' : 'keep';
  reasons.push(
    change === 'keep'
      ? `Keep max at ${input.currentSize}.`
      : `Set max from ${input.currentSize} to ${recommendedSize}.`,
  );
  return { recommendedSize, current: input.currentSize, change, evidence, reasons };
}
