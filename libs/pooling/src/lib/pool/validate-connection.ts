import type pg from 'pg';

/**
 * `SELECT 1` on a connection that sat idle, bounded by `timeoutMs` (HikariCP's validation before
 * hand-out; a NAT or a failover may have dropped it silently). Rejects when it does not answer.
 */
export function validateConnection(client: pg.Client, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`validation did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    client.query('SELECT 1').then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
