import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import pg, { type ClientConfig } from 'pg';
import type { ResolvedPoolOptions } from '../options/resolved-pool-options';
import { backoffDelay } from './backoff-delay';
import { isRetriableConnectError } from './is-retriable-connect-error';

const ignore = (): void => undefined;

/**
 * Opens the physical connections of one pool. The session timeouts travel in the startup packet
 * (no extra round trip: the backend has them before the first query), the connect timeout bounds
 * each handshake, and retriable failures are retried with backoff until the attempts or the
 * caller's deadline run out.
 */
export class ConnectionFactory {
  private readonly config: ClientConfig;

  constructor(private readonly options: ResolvedPoolOptions) {
    this.config = {
      ...options.connection,
      connectionTimeoutMillis: options.connectTimeoutMs,
      statement_timeout: options.statementTimeoutMs,
      idle_in_transaction_session_timeout: options.idleInTransactionSessionTimeoutMs,
    };
  }

  /** A connected client, or the last connection error once no retry is left before `deadline`. */
  async create(deadline: number): Promise<pg.Client> {
    const { attempts, baseDelayMs, maxDelayMs } = this.options.connectRetry;
    for (let attempt = 1; ; attempt++) {
      const client = new pg.Client(this.config);
      // A failed handshake may still emit a late socket error; it must not reach the process.
      client.on('error', ignore);
      try {
        await client.connect();
        client.removeListener('error', ignore);
        return client;
      } catch (error) {
        const wait = backoffDelay(attempt, baseDelayMs, maxDelayMs);
        if (attempt >= attempts || !isRetriableConnectError(error) || performance.now() + wait >= deadline)
          throw error;
        await delay(wait);
      }
    }
  }
}
