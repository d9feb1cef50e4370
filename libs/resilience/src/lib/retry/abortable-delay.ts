import { ResilienceError } from '../errors/resilience.error';

/** Resolves after `ms`, or rejects with `ABORTED` (cause: the signal's reason) when `signal` aborts first. */
export function abortableDelay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(aborted(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(aborted(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function aborted(signal: AbortSignal): ResilienceError {
  return new ResilienceError('ABORTED', 'the call was aborted while waiting to retry', { cause: signal.reason });
}
