// Replays a key trace (one key per line on stdin) through the L1 store and prints the hit ratio:
//   node -r ./tools/dev/register.cjs tools/hit-ratio/replay.ts --capacity 500 [--policy tinylfu|lru] < trace.txt
// The last line is always `hit_ratio=0.xxxx`.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { type EvictionPolicyName, replayTrace } from '@hotpath/cache';

function parseOptions(argv: string[]): { capacity: number; policy: EvictionPolicyName } {
  const { values } = parseArgs({
    args: argv,
    options: { capacity: { type: 'string' }, policy: { type: 'string', default: 'tinylfu' } },
  });
  const capacity = Number(values.capacity);
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new Error(`--capacity must be a positive integer, got ${values.capacity ?? 'nothing'}`);
  }
  if (values.policy !== 'tinylfu' && values.policy !== 'lru') {
    throw new Error(`--policy must be tinylfu or lru, got ${values.policy}`);
  }
  return { capacity, policy: values.policy };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const keys: string[] = [];
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.length > 0) keys.push(line);
  }
  const result = replayTrace(keys, options);
  console.log(
    `policy=${options.policy} capacity=${options.capacity} requests=${result.requests} hits=${result.hits}`,
  );
  console.log(`hit_ratio=${result.hitRatio.toFixed(4)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
