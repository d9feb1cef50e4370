import { mapError } from '../errors/error-mapping';
import type { ApiPrincipal } from './api-principal';
import { assertNamespaceAllowed } from './assert-namespace-allowed';
import { NamespaceGrant } from './namespace-grant';

const granted: ApiPrincipal = {
  name: 'auth-svc',
  scopes: new Set(['cache:read']),
  namespaces: new NamespaceGrant(['auth', 'authz-*']),
};
const unrestricted: ApiPrincipal = { name: 'ops', scopes: new Set(['cache:read']) };

/** The status and code a refusal is answered with over HTTP, or 'allowed'. */
function outcome(principal: ApiPrincipal | undefined, namespace: string): string {
  try {
    assertNamespaceAllowed(principal, namespace);
    return 'allowed';
  } catch (error) {
    const mapped = mapError(error);
    return `${mapped.status} ${mapped.code}`;
  }
}

describe('assertNamespaceAllowed', () => {
  it.each([
    [granted, 'auth', 'allowed'],
    [granted, 'authz-decisions', 'allowed'],
    [granted, 'users', '403 NAMESPACE_FORBIDDEN'],
    [granted, 'authz', '403 NAMESPACE_FORBIDDEN'],
    [unrestricted, 'users', 'allowed'],
    [undefined, 'auth', '401 UNAUTHENTICATED'],
  ])('%#: %p in %p → %s', (principal, namespace, expected) => {
    expect(outcome(principal, namespace)).toBe(expected);
  });

  it('names the key and the namespace, never more', () => {
    expect(() => assertNamespaceAllowed(granted, 'users')).toThrow(
      "The API key 'auth-svc' is not granted the namespace 'users'.",
    );
  });
});
