import { DEFAULT_NAMESPACE, isCacheKey, isNamespace } from '@hotpath/contracts';
import { ENTRY_READ } from './entry-routes';

const PREFIX = ENTRY_READ.prefix;
const NAMESPACE_PARAMETER = 'namespace=';

/** The key and namespace of a `GET /entries/:key` request. */
export interface EntryTarget {
  key: string;
  namespace: string;
}

/**
 * The key and namespace of a raw request URL, when it is plain and valid: the key with no
 * percent-encoding or slash, and no query or exactly `?namespace=<ns>` with the same restriction.
 * Only then is the plain split certain to agree with Fastify's router and query parser; any other
 * URL, and any invalid key or namespace, gives `undefined`, and Fastify reads (or refuses) it.
 */
export function rawEntryTarget(url: string): EntryTarget | undefined {
  if (!url.startsWith(PREFIX)) return undefined;
  const query = url.indexOf('?', PREFIX.length);
  const key = query < 0 ? url.slice(PREFIX.length) : url.slice(PREFIX.length, query);
  if (!isPlain(key) || !isCacheKey(key)) return undefined;
  if (query < 0 || query === url.length - 1) return { key, namespace: DEFAULT_NAMESPACE };
  if (!url.startsWith(NAMESPACE_PARAMETER, query + 1)) return undefined;
  const namespace = url.slice(query + 1 + NAMESPACE_PARAMETER.length);
  if (!isPlain(namespace) || !isNamespace(namespace)) return undefined;
  return { key, namespace };
}

/**
 * Whether `part` has none of the characters that Fastify's router or query parser would read
 * differently from a plain split: `%` (decoded), `/` (a path step), `+` (a space in a query), `&`
 * and `;` (parameter separators).
 */
function isPlain(part: string): boolean {
  for (let i = 0; i < part.length; i++) {
    const code = part.charCodeAt(i);
    if (code === 0x25 || code === 0x2f || code === 0x2b || code === 0x26 || code === 0x3b) return false;
  }
  return true;
}
