/** One request to a transport; resolves with the reply, rejects on an error reply or a timeout. */
export type Call = () => Promise<unknown>;

/** What a load run saw; runs of one subject add up (see {@link addRuns}). */
export interface LoadRun {
  sent: number;
  answered: number;
  errors: number;
  /** Replies that fail the run's `expected` (for the transport bench: not an L1 hit). */
  unexpected: number;
  /** ms, one per answered request (open loop) or a sample of them (closed loop). */
  latencies: number[];
  elapsedMs: number;
}

export function emptyRun(): LoadRun {
  return { sent: 0, answered: 0, errors: 0, unexpected: 0, latencies: [], elapsedMs: 0 };
}

export function addRuns(total: LoadRun, run: LoadRun): LoadRun {
  return {
    sent: total.sent + run.sent,
    answered: total.answered + run.answered,
    errors: total.errors + run.errors,
    unexpected: total.unexpected + run.unexpected,
    latencies: total.latencies.concat(run.latencies),
    elapsedMs: total.elapsedMs + run.elapsedMs,
  };
}

/** The latency at quantile `q` (0–1) of a run, in ms. */
export function latencyAt(run: LoadRun, q: number): number {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * Sends `rate` requests a second for `durationMs`, on a schedule kept against the clock whatever
 * the replies do (open loop): a slow reply delays no later request, and each latency counts from
 * when its request was due, not from when the loop got round to it (no coordinated omission).
 */
export async function openLoop(
  call: Call,
  rate: number,
  durationMs: number,
  expected: (reply: unknown) => boolean = () => true,
): Promise<LoadRun> {
  const total = Math.round((rate * durationMs) / 1000);
  const run = emptyRun();
  const pending: Promise<void>[] = [];
  const started = performance.now();
  const send = (due: number): Promise<void> =>
    call().then(
      (reply) => {
        run.latencies.push(performance.now() - due);
        run.answered++;
        if (!expected(reply)) run.unexpected++;
      },
      () => {
        run.errors++;
      },
    );
  while (run.sent < total) {
    const dueNow = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    for (; run.sent < dueNow; run.sent++) pending.push(send(started + (run.sent * 1000) / rate));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  run.elapsedMs = performance.now() - started;
  return run;
}

/**
 * `inFlight` callers, each sending its next request as soon as its last one is answered, for
 * `durationMs` (closed loop): what the servers answer per second when they are the bottleneck.
 * Latencies are sampled (one in 16).
 */
export async function closedLoop(call: Call, inFlight: number, durationMs: number): Promise<LoadRun> {
  const run = emptyRun();
  const started = performance.now();
  const ends = started + durationMs;
  const caller = async (): Promise<void> => {
    while (performance.now() < ends) {
      const sent = performance.now();
      run.sent++;
      try {
        await call();
        if ((++run.answered & 15) === 0) run.latencies.push(performance.now() - sent);
      } catch {
        run.errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, caller));
  run.elapsedMs = performance.now() - started;
  return run;
}
