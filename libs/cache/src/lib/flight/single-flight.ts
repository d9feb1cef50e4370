/**
 * In-process single flight: concurrent calls with the same id share one execution and its result.
 * The entry is removed when the execution settles, so the next call runs again.
 */
export class SingleFlight {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  run<T>(id: string, execute: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(id);
    if (running) return running as Promise<T>;
    const started = execute().finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, started);
    return started;
  }

  /** The execution already running for this id, if any. */
  pending<T>(id: string): Promise<T> | undefined {
    return this.inFlight.get(id) as Promise<T> | undefined;
  }

  get size(): number {
    return this.inFlight.size;
  }
}
