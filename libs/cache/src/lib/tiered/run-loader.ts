export type LoaderOutcome<T> =
  | { kind: 'value'; value: T }
  /** The soft timeout passed: the caller answers with its stale value; `pending` finishes the load. */
  | { kind: 'soft-timeout'; pending: Promise<T> }
  | { kind: 'hard-timeout' }
  | { kind: 'failed'; error: unknown };

export interface LoaderTimeouts {
  softMs?: number;
  hardMs?: number;
}

/**
 * Runs a loader under a soft and a hard timeout (FusionCache's semantics): the soft timeout only
 * applies when the caller has a stale value to fall back on; the hard timeout aborts the loader's
 * signal. Never rejects: the outcome says what happened.
 */
export async function runLoader<T>(
  load: (signal: AbortSignal) => Promise<T>,
  timeouts: LoaderTimeouts,
): Promise<LoaderOutcome<T>> {
  const controller = new AbortController();
  const pending = Promise.resolve().then(() => load(controller.signal));
  const settled = pending.then(
    (value): LoaderOutcome<T> => ({ kind: 'value', value }),
    (error: unknown): LoaderOutcome<T> => ({ kind: 'failed', error }),
  );
  const timers: NodeJS.Timeout[] = [];
  const after = (ms: number | undefined, outcome: () => LoaderOutcome<T>): Promise<LoaderOutcome<T>> =>
    ms === undefined
      ? new Promise(() => undefined)
      : new Promise((resolve) => timers.push(setTimeout(() => resolve(outcome()), ms)));
  try {
    const outcome = await Promise.race([
      settled,
      after(timeouts.softMs, () => ({ kind: 'soft-timeout', pending })),
      after(timeouts.hardMs, () => ({ kind: 'hard-timeout' })),
    ]);
    if (outcome.kind === 'hard-timeout') controller.abort(new Error('loader hard timeout'));
    if (outcome.kind === 'soft-timeout') pending.catch(() => undefined);
    return outcome;
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
}
