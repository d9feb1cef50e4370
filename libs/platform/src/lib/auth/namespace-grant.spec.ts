import { GlobSyntaxError } from '@hotpath/contracts';
import { NamespaceGrant } from './namespace-grant';

describe('NamespaceGrant', () => {
  const grant = new NamespaceGrant(['auth', 'authz-*', 'sess-[0-9]', 'tenant-?', 'v[!0-1].cfg']);

  it.each([
    ['auth', true],
    ['authz-decisions', true],
    ['authz-', true],
    ['authz', false],
    ['auth2', false],
    ['sess-7', true],
    ['sess-x', false],
    ['tenant-a', true],
    ['tenant-ab', false],
    ['v2.cfg', true],
    ['v1.cfg', false],
    ['default', false],
  ])('%p: %p', (namespace, allowed) => {
    expect(grant.allows(namespace)).toBe(allowed);
  });

  it('allows nothing with an empty list', () => {
    expect(new NamespaceGrant([]).allows('auth')).toBe(false);
  });

  it('allows everything with *', () => {
    expect(new NamespaceGrant(['*']).allows('anything.at_all-1')).toBe(true);
  });

  it('answers a glob built to backtrack against the longest namespace (64) at once', () => {
    const slow = new NamespaceGrant(['a*a*a*a*a*a*a*b']);
    const started = performance.now();
    expect(slow.allows('a'.repeat(64))).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('refuses a malformed glob when built', () => {
    expect(() => new NamespaceGrant(['authz-[z-a]'])).toThrow(GlobSyntaxError);
  });

  it('shows its globs, not its compiled form, in JSON', () => {
    expect(JSON.stringify({ namespaces: grant })).toBe(
      '{"namespaces":["auth","authz-*","sess-[0-9]","tenant-?","v[!0-1].cfg"]}',
    );
  });
});
