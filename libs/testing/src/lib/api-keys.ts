import { createHash, randomUUID } from 'node:crypto';

export interface TestApiKey {
  name: string;
  raw: string;
  scopes: string[];
  namespaces?: string[];
}

/** A key's scopes, or its scopes and namespace grant. */
export type TestApiKeySpec = string[] | { scopes: string[]; namespaces?: string[] };

/** A fresh raw key per entry, and the `HOTPATH_API_KEYS` value that configures them. */
export function testApiKeys(spec: Record<string, TestApiKeySpec>): {
  keys: Record<string, TestApiKey>;
  env: string;
} {
  const keys: Record<string, TestApiKey> = {};
  for (const [name, entry] of Object.entries(spec)) {
    const { scopes, namespaces } = Array.isArray(entry) ? { scopes: entry, namespaces: undefined } : entry;
    keys[name] = { name, raw: `${name}-${randomUUID()}`, scopes, ...(namespaces ? { namespaces } : {}) };
  }
  const env = JSON.stringify(
    Object.values(keys).map(({ name, raw, scopes, namespaces }) => ({
      name,
      sha256: createHash('sha256').update(raw).digest('hex'),
      scopes,
      ...(namespaces ? { namespaces } : {}),
    })),
  );
  return { keys, env };
}
