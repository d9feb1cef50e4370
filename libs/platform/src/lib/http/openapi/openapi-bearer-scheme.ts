/** Name of the security scheme (HTTP bearer, the API key) in every Hotpath OpenAPI document. */
export const OPENAPI_BEARER_SCHEME = 'api-key';
