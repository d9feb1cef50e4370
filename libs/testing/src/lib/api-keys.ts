import { createHash, randomUUID } from 'node:crypto';

export interface TestApiKey {
  name: string;
  raw: string;
  scopes: string[];
}

/** A fresh raw key per scope set, and the `HOTPATH_API_KEYS` value that configures them. */
export function testApiKeys(spec: Record<string, string[]>): {
  keys: Record<string, TestApiKey>;
  env: string;
} {
  const keys: Record<string, TestApiKey> = {};
  for (const [name, scopes] of Object.entries(spec))
    keys[name] = { name, raw: `${name}-${randomUUID()}`, scopes };
  const env = JSON.stringify(
    Object.values(keys).map(({ name, raw, scopes }) => ({
      name,
      sha256: createHash('sha256').update(raw).digest('hex'),
      scopes,
    })),
  );
  return { keys, env };
}
