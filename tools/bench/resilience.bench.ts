import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { CircuitBreaker, TimeoutPolicy } from '@hotpath/resilience';
import {
  circuitBreaker,
  handleAll,
  SamplingBreaker,
  timeout as cockatielTimeout,
  TimeoutStrategy,
} from 'cockatiel';
import OpossumBreaker from 'opossum';
import { print, table } from './lib/report';

/**
 * Per-call cost of the resilience policies on their hot and failure paths, @hotpath/resilience
 * next to opossum 9.0.0 and cockatiel 3.2.1 (the anchors' Node 20 releases), in one run:
 *
 *   node -r ./tools/dev/register.cjs tools/bench/resilience.bench.ts
 *
 * 1. breaker, closed: a successful async call through a closed breaker (default options);
 * 2. breaker, open: a call rejected by an open breaker, awaited and caught as a caller would;
 * 3. timeout, fast op: a 1 s timeout armed and cleared around an operation that answers at once;
 * 4. timeout, expired: CPU time (user + system) per call that hits its 2 ms timeout, the
 *    operation never settling; many calls at once (hotpath 20 000, cockatiel 2 000, opossum 200:
 *    opossum's cost per call grows with the batch, so its small batch flatters it).
 *
 * Every (path, library) runs in a child process of its own: cockatiel's timeout leaves an abort
 * listener per call behind and opossum's expired calls pile up, and either would slow down
 * whatever is measured after it in the same heap. One caller, sequential awaits; a warm-up, then
 * 7 samples, median reported. No network. Goals (below both anchors on every path, open rejection
 * ≤ 2 µs) are reported as PASS/FAIL and never change the exit code.
 */
const LIBRARIES = ['hotpath', 'opossum', 'cockatiel'] as const;
type Library = (typeof LIBRARIES)[number];
type Measure = () => Promise<number>;

const SAMPLES = 7;
/** Calls at once per round of the expired path, sized so a round takes ≥ 50 ms of CPU (getrusage ticks). */
const EXPIRED_BATCH: Record<Library, number> = { hotpath: 20_000, opossum: 200, cockatiel: 2_000 };
const OPEN_GOAL_NS = 2_000;

const ok = (): Promise<number> => Promise.resolve(1);
const never = (): Promise<number> => new Promise<number>(() => undefined);

/** Median ns per awaited `call()`; throws if a call took the other path (resolved vs rejected). */
function perCall(call: () => Promise<unknown>, rejects: boolean, opsPerSample: number): Measure {
  return async () => {
    const run = async (ops: number): Promise<number> => {
      let wrongPath = 0;
      const started = process.hrtime.bigint();
      for (let i = 0; i < ops; i++) {
        try {
          await call();
          if (rejects) wrongPath++;
        } catch {
          if (!rejects) wrongPath++;
        }
      }
      if (wrongPath > 0) throw new Error(`${wrongPath} calls took the wrong path`);
      return Number(process.hrtime.bigint() - started) / ops;
    };
    await run(opsPerSample);
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) samples.push(await run(opsPerSample));
    return samples.sort((a, b) => a - b)[SAMPLES >> 1];
  };
}

/** Median CPU ns per call that times out, `batch` calls at once, 5 rounds after a warm-up round. */
function cpuPerExpiredCall(call: () => Promise<unknown>, batch: number): Measure {
  return async () => {
    const samples: number[] = [];
    for (let round = 0; round <= 5; round++) {
      const before = process.cpuUsage();
      const outcomes = await Promise.allSettled(Array.from({ length: batch }, call));
      const used = process.cpuUsage(before);
      if (outcomes.some((outcome) => outcome.status !== 'rejected')) throw new Error('a call did not time out');
      if (round > 0) samples.push(((used.user + used.system) * 1000) / batch);
    }
    return samples.sort((a, b) => a - b)[samples.length >> 1];
  };
}

const noTrip = { volumeThreshold: Number.MAX_SAFE_INTEGER };
const cockatielBreaker = () =>
  circuitBreaker(handleAll, {
    halfOpenAfter: 10_000,
    breaker: new SamplingBreaker({ threshold: 0.5, duration: 10_000, minimumRps: 5 }),
  });

/** Each path's subjects; a subject is built in the child process that measures it. */
const PATHS: Record<string, { title: string; subjects: Record<Library, () => Measure>; extra?: Record<string, () => Measure> }> = {
  closed: {
    title: 'breaker, closed (successful call)',
    subjects: {
      hotpath: () => {
        const breaker = new CircuitBreaker({ name: 'bench' });
        return perCall(() => breaker.execute(ok), false, 200_000);
      },
      opossum: () => {
        const breaker = new OpossumBreaker(ok, { ...noTrip, timeout: false });
        return perCall(() => breaker.fire(), false, 200_000);
      },
      cockatiel: () => {
        const breaker = cockatielBreaker();
        return perCall(() => breaker.execute(ok), false, 200_000);
      },
    },
    extra: {
      'bare await (no breaker)': () => perCall(ok, false, 200_000),
      'hotpath, slow-call threshold + metrics listener': () => {
        const breaker = new CircuitBreaker({ name: 'bench', slowCallDurationThresholdMs: 1_000 });
        let calls = 0;
        breaker.onCall(() => calls++);
        return perCall(() => breaker.execute(ok), false, 200_000);
      },
      'hotpath permit API (caller times the call)': () => {
        const breaker = new CircuitBreaker({ name: 'bench' });
        return perCall(
          async () => {
            const permit = breaker.tryAcquirePermission() as number;
            const started = performance.now();
            const value = await ok();
            breaker.onSuccess(permit, performance.now() - started);
            return value;
          },
          false,
          200_000,
        );
      },
    },
  },
  open: {
    title: 'breaker, open (rejection)',
    subjects: {
      hotpath: () => {
        const breaker = new CircuitBreaker({ name: 'bench' });
        breaker.forceOpen();
        return perCall(() => breaker.execute(ok), true, 100_000);
      },
      opossum: () => {
        const breaker = new OpossumBreaker(ok, { ...noTrip, timeout: false });
        breaker.open();
        return perCall(() => breaker.fire(), true, 20_000);
      },
      cockatiel: () => {
        const breaker = cockatielBreaker();
        breaker.isolate();
        return perCall(() => breaker.execute(ok), true, 20_000);
      },
    },
    extra: {
      'hotpath permit API refusal (sync, no promise)': () => async () => {
        const breaker = new CircuitBreaker({ name: 'bench' });
        breaker.forceOpen();
        const ops = 2_000_000;
        let refused = 0;
        const started = process.hrtime.bigint();
        for (let i = 0; i < ops; i++) if (breaker.tryAcquirePermission() === undefined) refused++;
        if (refused !== ops) throw new Error('the permit API let a call through an open breaker');
        return Number(process.hrtime.bigint() - started) / ops;
      },
    },
  },
  'timeout-fast': {
    title: 'timeout, fast op (arm + clear)',
    subjects: {
      hotpath: () => {
        const policy = new TimeoutPolicy({ ms: 1_000 });
        return perCall(() => policy.execute(ok), false, 200_000);
      },
      // opossum has no timeout of its own: a breaker with `timeout` is the nearest thing.
      opossum: () => {
        const breaker = new OpossumBreaker(ok, { ...noTrip, timeout: 1_000 });
        return perCall(() => breaker.fire(), false, 100_000);
      },
      cockatiel: () => {
        const policy = cockatielTimeout(1_000, TimeoutStrategy.Aggressive);
        return perCall(() => policy.execute(ok), false, 5_000);
      },
    },
  },
  'timeout-expired': {
    title: 'timeout, expired (CPU per call)',
    subjects: {
      hotpath: () => {
        const policy = new TimeoutPolicy({ ms: 2 });
        return cpuPerExpiredCall(() => policy.execute(never), EXPIRED_BATCH.hotpath);
      },
      opossum: () => {
        const breaker = new OpossumBreaker(never, { ...noTrip, timeout: 2 });
        return cpuPerExpiredCall(() => breaker.fire(), EXPIRED_BATCH.opossum);
      },
      cockatiel: () => {
        const policy = cockatielTimeout(2, TimeoutStrategy.Aggressive);
        return cpuPerExpiredCall(() => policy.execute(never), EXPIRED_BATCH.cockatiel);
      },
    },
  },
};

function inChild(path: string, subject: string): number {
  const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1], '--child', path, subject], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return Number(out.trim().split('\n').pop());
}

function fmt(ns: number): string {
  return ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${Math.round(ns)} ns`;
}

async function child(path: string, subject: string): Promise<void> {
  const spec = PATHS[path];
  const build = (spec.subjects as Record<string, () => Measure>)[subject] ?? spec.extra?.[subject];
  if (!build) throw new Error(`unknown subject ${path}/${subject}`);
  print(String(await build()()));
}

async function main(): Promise<void> {
  print(`# Hotpath resilience benchmarks — ${new Date().toISOString()}`);
  print(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; opossum 9.0.0, cockatiel 3.2.1\n`);
  const rows: string[][] = [];
  const notes: string[][] = [];
  for (const [path, spec] of Object.entries(PATHS)) {
    const ns = Object.fromEntries(LIBRARIES.map((library) => [library, inChild(path, library)])) as Record<Library, number>;
    const below = ns.hotpath < ns.opossum && ns.hotpath < ns.cockatiel;
    const open = path === 'open';
    const pass = below && (!open || ns.hotpath <= OPEN_GOAL_NS);
    rows.push([
      spec.title,
      fmt(ns.hotpath),
      fmt(ns.opossum),
      fmt(ns.cockatiel),
      `${(ns.opossum / ns.hotpath).toFixed(1)}×`,
      `${(ns.cockatiel / ns.hotpath).toFixed(1)}×`,
      `${open ? '≤ 2 µs and ' : ''}below both: ${pass ? 'PASS' : 'FAIL'}`,
    ]);
    for (const name of Object.keys(spec.extra ?? {})) notes.push([spec.title, name, fmt(inChild(path, name))]);
  }
  table(['path', 'hotpath', 'opossum 9', 'cockatiel 3.2.1', 'opossum ÷ hotpath', 'cockatiel ÷ hotpath', 'goal'], rows);
  table(['path', 'variant', 'per call'], notes);
}

const childAt = process.argv.indexOf('--child');
(childAt > 0 ? child(process.argv[childAt + 1], process.argv[childAt + 2]) : main()).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
