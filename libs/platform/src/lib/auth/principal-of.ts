import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ApiPrincipal } from './api-principal';
import { UnauthenticatedError } from './auth.errors';
import { isRpcCallerContext, type RpcCallerContext } from './rpc-caller-context';

/**
 * The principal {@link ApiKeyGuard} admitted for a request: pass a message handler's `@Ctx()` or
 * an HTTP route's `@Req()`.
 * @throws UnauthenticatedError when there is none: a `@Public()` handler, or a transport that
 *   carries no API key.
 */
export function principalOf(source: RpcCallerContext | { principal?: ApiPrincipal }): ApiPrincipal {
  const principal = isRpcCallerContext(source) ? source.getPrincipal() : source.principal;
  if (principal === undefined) throw new UnauthenticatedError('This request was not authenticated.');
  return principal;
}

/**
 * Parameter decorator for {@link principalOf} over HTTP and the Redis transport alike:
 * `set(@Payload() body: unknown, @CurrentPrincipal() principal: ApiPrincipal)`.
 */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  if (context.getType() === 'rpc') {
    const caller: unknown = context.switchToRpc().getContext();
    if (!isRpcCallerContext(caller)) throw new UnauthenticatedError('This request was not authenticated.');
    return principalOf(caller);
  }
  return principalOf(context.switchToHttp().getRequest<{ principal?: ApiPrincipal }>());
});
