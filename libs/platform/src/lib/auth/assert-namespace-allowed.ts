import type { ApiPrincipal } from './api-principal';
import { NamespaceForbiddenError, UnauthenticatedError } from './auth.errors';

/**
 * Refuses a request whose caller may not use `namespace` (see {@link NamespaceGrant}). Every route
 * and message handler that names a namespace calls it with the principal the guard admitted.
 *
 * @throws NamespaceForbiddenError (403, RPC `FORBIDDEN`) outside the key's grant.
 * @throws UnauthenticatedError (401) without a principal: a handler that names a namespace is
 *   never public, so a missing principal means the caller was not authenticated, never "allow".
 */
export function assertNamespaceAllowed(principal: ApiPrincipal | undefined, namespace: string): void {
  if (principal === undefined) {
    throw new UnauthenticatedError('This request is not authenticated, and names a namespace.');
  }
  if (principal.namespaces !== undefined && !principal.namespaces.allows(namespace)) {
    throw new NamespaceForbiddenError(principal.name, namespace);
  }
}
