import type { ApiPrincipal } from './api-principal';

/**
 * What a Redis-transport request's context (`@Ctx()`, `context.switchToRpc().getContext()`) must
 * offer for {@link ApiKeyGuard} to authenticate it: the API key the request carried, and a place
 * for the principal the key stands for. `HotpathTransportServer`'s context implements it; a stock
 * Nest transport's does not, and its requests are refused as unauthenticated.
 */
export interface RpcCallerContext {
  /** The raw API key sent with the request; compare it through `HttpAuthenticator`, never log it. */
  getApiKey(): string | undefined;
  setPrincipal(principal: ApiPrincipal): void;
  getPrincipal(): ApiPrincipal | undefined;
}

export function isRpcCallerContext(context: unknown): context is RpcCallerContext {
  if (typeof context !== 'object' || context === null) return false;
  const candidate = context as Partial<Record<keyof RpcCallerContext, unknown>>;
  return (
    typeof candidate.getApiKey === 'function' &&
    typeof candidate.setPrincipal === 'function' &&
    typeof candidate.getPrincipal === 'function'
  );
}
