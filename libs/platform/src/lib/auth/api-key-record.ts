import type { Scope } from '@hotpath/contracts';

/** One configured API key: only the SHA-256 of the raw key is ever stored or compared. */
export interface ApiKeyRecord {
  name: string;
  /** Lower-case hex SHA-256 of the raw key. */
  sha256: string;
  scopes: Scope[];
  /** Overrides the service's default rate limit for this key. */
  rateLimit?: { perSecond: number; burst: number };
}
