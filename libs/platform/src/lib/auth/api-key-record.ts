import type { Scope } from '@hotpath/contracts';

/** One configured API key: only the SHA-256 of the raw key is ever stored or compared. */
export interface ApiKeyRecord {
  name: string;
  /** Lower-case hex SHA-256 of the raw key. */
  sha256: string;
  scopes: Scope[];
  /**
   * Globs of the cache namespaces the key may use (`auth`, `authz-*`; `*`, `?`, `[...]`); omitted:
   * every namespace. Checked at start: a malformed glob stops the process.
   */
  namespaces?: string[];
  /** Overrides the service's default rate limit for this key. */
  rateLimit?: { perSecond: number; burst: number };
}
