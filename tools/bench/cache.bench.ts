import { cpus } from 'node:os';
import { hitRatioSection } from './lib/hit-ratio.section';
import { l1HitSection } from './lib/l1-hit.section';
import { l2HitSection } from './lib/l2-hit.section';
import { connect, redisVersion } from './lib/redis-target';
import { print } from './lib/report';
import { stampedeSection } from './lib/stampede.section';

/**
 * The cache benchmarks of docs/benchmarks.md, side by side in one run:
 *
 *   node -r ./tools/dev/register.cjs tools/bench/cache.bench.ts [l1] [l2] [stampede] [hit-ratio]
 *
 * No argument runs every section. Loopback Redis only (127.0.0.1:6379); every loop is bounded and
 * every key it writes is under a fresh `hpbench-<random>` prefix, removed at the end of its section.
 * Goals are reported as PASS/FAIL and never change the exit code.
 */
const SECTIONS: Record<string, () => Promise<void>> = {
  l1: l1HitSection,
  l2: l2HitSection,
  stampede: stampedeSection,
  'hit-ratio': hitRatioSection,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) throw new Error(`unknown section(s) ${unknown.join(', ')}; known: ${Object.keys(SECTIONS).join(', ')}`);
  const redis = connect();
  const version = await redisVersion(redis);
  await redis.quit();
  print(`# Hotpath cache benchmarks — ${new Date().toISOString()}`);
  print(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Redis ${version} on 127.0.0.1:6379\n`);
  const started = Date.now();
  for (const [name, section] of Object.entries(SECTIONS)) {
    if (wanted.length === 0 || wanted.includes(name)) await section();
  }
  print(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// The explicit exit is the safety net of a failed section: its Redis connections must not keep the run alive.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
