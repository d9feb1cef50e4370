import type { Scope } from '@hotpath/contracts';
import type { ApiKeyRecord } from './api-key-record';

/** The caller a valid API key stands for; rate limits and logs use its name, never the key. */
export interface ApiPrincipal {
  name: string;
  scopes: ReadonlySet<Scope>;
  rateLimit?: ApiKeyRecord['rateLimit'];
}
