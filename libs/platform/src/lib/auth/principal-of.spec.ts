import type { ApiPrincipal } from './api-principal';
import { principalOf } from './principal-of';

const reader: ApiPrincipal = { name: 'reader', scopes: new Set(['cache:read']) };

const callerContext = (principal?: ApiPrincipal) => ({
  getApiKey: () => 'not used',
  setPrincipal: () => undefined,
  getPrincipal: () => principal,
});

describe('principalOf', () => {
  it.each([
    ['an admitted RPC context', callerContext(reader)],
    ['an admitted HTTP request', { principal: reader }],
  ])('gives the principal of %s', (_case, source) => {
    expect(principalOf(source)).toBe(reader);
  });

  it.each([
    ['an RPC context the guard did not admit', callerContext()],
    ['an HTTP request the guard did not admit', {}],
  ])('refuses %s as unauthenticated', (_case, source) => {
    expect(() => principalOf(source)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });
});
