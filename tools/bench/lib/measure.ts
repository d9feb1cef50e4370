/** One thing measured: `run(ops)` performs exactly `ops` operations and returns how many were hits. */
export interface Subject {
  name: string;
  run(ops: number): number | Promise<number>;
}

export interface Measurement {
  name: string;
  /** Median of the samples, operations per second. */
  median: number;
  min: number;
  max: number;
  /** Operations that were not hits (should be 0: a benchmark of misses measures the wrong path). */
  misses: number;
}

export interface SampleOptions {
  warmupOps: number;
  opsPerSample: number;
  samples: number;
}

/**
 * Warms every subject up, then takes the samples round-robin (subject A, B, C, A, B, C, …) so that
 * drift of the machine (other processes, thermal, GC of an earlier subject) spreads over all of
 * them instead of landing on one. Time by `process.hrtime.bigint`; the median is reported.
 */
export async function measureRoundRobin(
  subjects: Subject[],
  { warmupOps, opsPerSample, samples }: SampleOptions,
): Promise<Map<string, Measurement>> {
  for (const subject of subjects) await subject.run(warmupOps);
  const rates = new Map<string, number[]>(subjects.map((subject) => [subject.name, []]));
  const misses = new Map<string, number>(subjects.map((subject) => [subject.name, 0]));
  for (let sample = 0; sample < samples; sample++) {
    for (const subject of subjects) {
      const started = process.hrtime.bigint();
      const hits = await subject.run(opsPerSample);
      const elapsedNs = Number(process.hrtime.bigint() - started);
      rates.get(subject.name)?.push(opsPerSample / (elapsedNs / 1e9));
      misses.set(subject.name, (misses.get(subject.name) ?? 0) + opsPerSample - hits);
    }
  }
  return new Map(
    subjects.map((subject) => {
      const sorted = [...(rates.get(subject.name) ?? [])].sort((a, b) => a - b);
      return [
        subject.name,
        {
          name: subject.name,
          median: sorted[sorted.length >> 1],
          min: sorted[0],
          max: sorted[sorted.length - 1],
          misses: misses.get(subject.name) ?? 0,
        },
      ];
    }),
  );
}

/**
 * `workers` async loops sharing one counter until `totalOps` operations have been issued: a fixed
 * op count at a fixed concurrency. Returns the hits (op resolves true).
 */
export async function runConcurrent(
  workers: number,
  totalOps: number,
  op: (i: number) => Promise<boolean>,
): Promise<number> {
  let next = 0;
  let hits = 0;
  const worker = async (): Promise<void> => {
    while (next < totalOps) {
      const i = next++;
      if (await op(i)) hits++;
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return hits;
}
