/** Codes of the errors the platform library itself raises. */
export const PlatformErrorCodes = {
  ValidationFailed: 'VALIDATION_FAILED',
  Unauthenticated: 'UNAUTHENTICATED',
  MissingScope: 'MISSING_SCOPE',
  NamespaceForbidden: 'NAMESPACE_FORBIDDEN',
  RateLimited: 'RATE_LIMITED',
  NotFound: 'NOT_FOUND',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  Internal: 'INTERNAL',
} as const;

export type PlatformErrorCode = (typeof PlatformErrorCodes)[keyof typeof PlatformErrorCodes];
