import { createHash } from 'node:crypto';
import { ApiKeyRegistry } from './api-key-registry';

const hex = (raw: string) => createHash('sha256').update(raw).digest('hex');

describe('ApiKeyRegistry', () => {
  const registry = new ApiKeyRegistry({
    apiKeys: [
      { name: 'reader', sha256: hex('reader-key'), scopes: ['cache:read'] },
      { name: 'writer', sha256: hex('writer-key'), scopes: ['cache:read', 'cache:write'] },
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

  it('keeps only digests, never the raw keys', () => {
    expect(JSON.stringify(registry)).not.toContain('reader-key');
    expect(JSON.stringify(registry)).not.toContain('local-development-key');
  });
});
