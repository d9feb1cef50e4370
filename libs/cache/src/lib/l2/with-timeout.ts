import { CacheError } from '../errors/cache.error';

interface Pending {
  deadline: number;
  expire: () => void;
}

/**
 * Deadlines of every L2 call in flight, checked by ONE timer instead of a timer per call (a timer
 * and a Promise.race per Redis round trip cost more than the round trip's client-side work). The
 * timer runs only while calls are pending, at a resolution of a quarter of the shortest timeout
 * (at most 10 ms), and never keeps the process alive.
 */
class DeadlineWatch {
  private readonly pending = new Set<Pending>();
  private timer: NodeJS.Timeout | undefined;
  private resolutionMs = 10;

  add(ms: number, expire: () => void): Pending {
    const entry = { deadline: performance.now() + ms, expire };
    this.pending.add(entry);
    const resolution = Math.max(1, Math.min(10, Math.floor(ms / 4)));
    if (!this.timer || resolution < this.resolutionMs) this.start(resolution);
    return entry;
  }

  remove(entry: Pending): void {
    this.pending.delete(entry);
    if (this.pending.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private start(resolution: number): void {
    if (this.timer) clearInterval(this.timer);
    this.resolutionMs = resolution;
    this.timer = setInterval(() => this.check(), resolution);
    this.timer.unref();
  }

  private check(): void {
    const now = performance.now();
    for (const entry of this.pending) {
      if (entry.deadline <= now) {
        this.remove(entry);
        entry.expire();
      }
    }
  }
}

const watch = new DeadlineWatch();

/**
 * `work`, or a rejection with `L2_TIMEOUT` once `ms` have passed, whichever comes first. A late
 * settlement of `work` after the timeout is ignored (and so never becomes an unhandled rejection).
 */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const pending = watch.add(ms, () =>
      reject(new CacheError('L2_TIMEOUT', `L2 ${what} did not answer within ${ms} ms`)),
    );
    work.then(
      (value) => {
        watch.remove(pending);
        resolve(value);
      },
      (error: unknown) => {
        watch.remove(pending);
        reject(error);
      },
    );
  });
}
