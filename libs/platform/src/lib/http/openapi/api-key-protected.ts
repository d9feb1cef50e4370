import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiProblemResponse } from './api-problem-response';
import { OPENAPI_BEARER_SCHEME } from './openapi-bearer-scheme';

/**
 * Documents what the ApiKeyGuard does to every route of a controller: the bearer API key it needs,
 * 401 without a valid key, 403 without the route's scope, 429 over the key's rate limit.
 */
export function ApiKeyProtected(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiBearerAuth(OPENAPI_BEARER_SCHEME),
    ApiProblemResponse(401, 'No API key, or not a valid one.'),
    ApiProblemResponse(403, "The API key lacks the route's scope."),
    ApiProblemResponse(429, "Over the API key's rate limit (see Retry-After)."),
  );
}
