import { createHash } from 'node:crypto';
import { CircuitBreaker, RetryPolicy } from '@hotpath/resilience';
import type { HttpWriteBehindSink } from '../policy/write-behind-policy';
import type { WriteBehindEntry, WriteBehindSink } from './write-behind-sink';

/** A sink's answer that is not 2xx; 408, 429 and 5xx are worth another try, other 4xx are not. */
export class HttpSinkError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = HttpSinkError.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }

  get retryable(): boolean {
    return this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export interface HttpWriteBehindSinkOptions {
  /** Shared by every flush to this URL; opens when the endpoint keeps failing. */
  breaker?: CircuitBreaker;
  /** Attempts per batch inside one flush (default 3); BullMQ retries the flush after that. */
  maxAttempts?: number;
  baseDelayMs?: number;
}

/**
 * Flushes a batch as one `POST <url>` with `{ namespace, entries: [{ key, version, value }] }`
 * (value null: a delete) and an `Idempotency-Key` that is a digest of the namespace and every
 * (key, version) of the batch: the same batch sent again, by a retry here or by a flush re-run
 * after a crash, carries the same key, so the receiver can answer it from its record. A few quick
 * retries with jitter ride over a blip; a breaker per URL stops hammering an endpoint that is
 * down (the flush then fails fast, and BullMQ retries it with backoff).
 */
export class HttpWriteBehindSinkWriter implements WriteBehindSink {
  private readonly breaker: CircuitBreaker;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly spec: Pick<HttpWriteBehindSink, 'url' | 'timeoutMs'>,
    options: HttpWriteBehindSinkOptions = {},
  ) {
    this.breaker =
      options.breaker ??
      new CircuitBreaker({
        name: `write-behind-http:${new URL(spec.url).host}`,
        minimumNumberOfCalls: 5,
        slidingWindowSize: 20,
        classifyError: (error) =>
          error instanceof HttpSinkError && !error.retryable ? 'success' : 'failure',
      });
    this.retry = new RetryPolicy({
      maxAttempts: options.maxAttempts ?? 3,
      baseDelayMs: options.baseDelayMs ?? 100,
      maxDelayMs: 2_000,
      shouldRetry: (error) => !(error instanceof HttpSinkError) || error.retryable,
    });
  }

  async write(namespace: string, entries: WriteBehindEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const body = JSON.stringify({
      namespace,
      entries: entries.map(({ key, version, value }) => ({ key, version, value: value ?? null })),
    });
    const idempotencyKey = batchDigest(namespace, entries);
    await this.retry.execute(() => this.breaker.execute(() => this.post(body, idempotencyKey)));
  }

  private async post(body: string, idempotencyKey: string): Promise<void> {
    const response = await fetch(this.spec.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body,
      signal: AbortSignal.timeout(this.spec.timeoutMs),
    });
    // Drained either way, so the connection returns to the pool.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) {
      throw new HttpSinkError(
        response.status,
        `write-behind sink ${this.spec.url} answered ${response.status}`,
      );
    }
  }
}

/** The same for the same (namespace, {(key, version)}), whatever the entries' order. */
export function batchDigest(namespace: string, entries: WriteBehindEntry[]): string {
  const hash = createHash('sha256').update(namespace);
  const pairs = entries.map(({ key, version }) => `${version}:${key}`).sort();
  for (const pair of pairs) hash.update('\0').update(pair);
  return hash.digest('base64url');
}
