import type { ClientConfig } from 'pg';

/** `host:port/database` of a connection config, for messages: never the user or the password. */
export function describeTarget(connection: ClientConfig): string {
  if (connection.connectionString) {
    try {
      const url = new URL(connection.connectionString);
      return `${url.hostname || 'localhost'}:${url.port || 5432}${url.pathname || '/'}`;
    } catch {
      return '(unparsable connection string)';
    }
  }
  return `${connection.host ?? 'localhost'}:${connection.port ?? 5432}/${connection.database ?? ''}`;
}
