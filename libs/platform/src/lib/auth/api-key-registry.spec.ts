import { createHash } from 'node:crypto';
import { ApiKeyRegistry } from './api-key-registry';

const hex = (raw: string) => createHash('sha256').update(raw).digest('hex');

describe('ApiKeyRegistry', () => {
  const registry = new ApiKeyRegistry({
    apiKeys: [
      { name: 'reader', sha256: hex('reader-key'), scopes: ['cache:read'] },
      { name: 'writer', sha256: hex('writer-key'), scopes: ['cache:read', 'cache:write'] },
      { name: 'auth-svc', sha256: hex('auth-key'), scopes: ['cache:read'], namespaces: ['auth', 'authz-*'] },
    ],
    devApiKey: 'local-development-key',
  });

  it.each([
    ['reader-key', 'reader', ['cache:read']],
    ['writer-key', 'writer', ['cache:read', 'cache:write']],
  ])('resolves %s to its principal', (raw, name, scopes) => {
    const principal = registry.authenticate(raw);
    expect(principal?.name).toBe(name);
    expect([...(principal?.scopes ?? [])]).toEqual(scopes);
  });

  it.each(['', 'reader-key ', 'READER-KEY', hex('reader-key')])('refuses %p', (raw) => {
    expect(registry.authenticate(raw)).toBeUndefined();
  });

  it('grants the dev key every scope', () => {
    expect(registry.authenticate('local-development-key')?.scopes.size).toBe(6);
  });

  it.each([
    ['auth-key', 'authz-decisions', true],
    ['auth-key', 'users', false],
    ['reader-key', 'users', true], // no namespaces: every namespace
    ['local-development-key', 'users', true],
  ])("gives %s's principal the grant of its entry: %s %p", (raw, namespace, allowed) => {
    const namespaces = registry.authenticate(raw)?.namespaces;
    expect(namespaces === undefined || namespaces.allows(namespace)).toBe(allowed);
  });

  it('keeps only digests, never the raw keys', () => {
    expect(JSON.stringify(registry)).not.toContain('reader-key');
    expect(JSON.stringify(registry)).not.toContain('local-development-key');
  });
});
