/**
 * A promise rejected with `error` one microtask from now, once the caller has attached its
 * handler. `Promise.reject(error)` handed to a caller is rejected BEFORE anyone listens, so Node's
 * unhandled-rejection tracking records it and then forgets it again when `await` subscribes: about
 * 1.5 µs per rejection, which would dominate a rejection by an open breaker (measured in
 * tools/bench/resilience.bench.ts). Deferring the rejection by one microtask costs ~0.5 µs.
 */
export function rejectSoon<T>(error: Error): Promise<T> {
  let reject!: (reason: Error) => void;
  const promise = new Promise<T>((_resolve, rejectPromise) => {
    reject = rejectPromise;
  });
  queueMicrotask(() => reject(error));
  return promise;
}
