import type { PoolLogger } from '../src/lib/options/pool-logger';

interface Entry {
  level: 'log' | 'warn' | 'error';
  message: string;
}

/** A PoolLogger for tests: keeps every line, and lets a test await the line it expects. */
export class RecordingLogger implements PoolLogger {
  readonly entries: Entry[] = [];
  private readonly waiting: { match: RegExp; resolve: (message: string) => void }[] = [];

  log(message: string): void {
    this.record('log', message);
  }

  warn(message: string): void {
    this.record('warn', message);
  }

  error(message: string): void {
    this.record('error', message);
  }

  /** Resolves with the first line (already logged or to come) that matches. */
  next(match: RegExp): Promise<string> {
    const logged = this.entries.find((entry) => match.test(entry.message));
    if (logged) return Promise.resolve(logged.message);
    return new Promise((resolve) => this.waiting.push({ match, resolve }));
  }

  lines(level: Entry['level']): string[] {
    return this.entries.filter((entry) => entry.level === level).map((entry) => entry.message);
  }

  private record(level: Entry['level'], message: string): void {
    this.entries.push({ level, message });
    for (const waiter of [...this.waiting]) {
      if (waiter.match.test(message)) {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  }
}
