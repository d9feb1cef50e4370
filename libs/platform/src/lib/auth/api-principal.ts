import type { Scope } from '@hotpath/contracts';
import type { ApiKeyRecord } from './api-key-record';
import type { NamespaceGrant } from './namespace-grant';

/** The caller a valid API key stands for; rate limits and logs use its name, never the key. */
export interface ApiPrincipal {
  name: string;
  scopes: ReadonlySet<Scope>;
  /** The namespaces the key may use; undefined: every one (see `assertNamespaceAllowed`). */
  namespaces?: NamespaceGrant;
  rateLimit?: ApiKeyRecord['rateLimit'];
}
