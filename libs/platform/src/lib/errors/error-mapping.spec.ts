import { BadRequestException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { MissingScopeError, NamespaceForbiddenError, UnauthenticatedError } from '../auth/auth.errors';
import { AppError } from './app-error';
import { mapError } from './error-mapping';
import { ValidationError } from './validation.error';

describe('mapError', () => {
  it.each([
    [new ValidationError([{ field: 'key', message: 'too long' }]), 400, 'VALIDATION_FAILED'],
    [new UnauthenticatedError('no key'), 401, 'UNAUTHENTICATED'],
    [new MissingScopeError('reader', ['cache:write']), 403, 'MISSING_SCOPE'],
    [new NamespaceForbiddenError('reader', 'authz'), 403, 'NAMESPACE_FORBIDDEN'],
    [new AppError('NotFound', 'CACHE_MISS', 'miss'), 404, 'CACHE_MISS'],
    [new AppError('TooLarge', 'VALUE_TOO_LARGE', 'big'), 413, 'VALUE_TOO_LARGE'],
    [new AppError('Unavailable', 'L2_DOWN', 'down'), 503, 'L2_DOWN'],
    [new NotFoundException('Cannot GET /x'), 404, 'NOT_FOUND'],
    [new BadRequestException('bad'), 400, 'VALIDATION_FAILED'],
    [new ServiceUnavailableException(), 503, 'HTTP_503'],
    [
      Object.assign(new Error('Request body is too large'), {
        statusCode: 413,
        code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      Object.assign(new Error('Body is not valid JSON'), {
        statusCode: 400,
        code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      Object.assign(new Error('Unsupported Media Type'), {
        statusCode: 415,
        code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
  ])('%p → %i %s', (error, status, code) => {
    const mapped = mapError(error);
    expect(mapped.status).toBe(status);
    expect(mapped.code).toBe(code);
    expect(mapped.unexpected).toBe(status >= 500 && !(error instanceof AppError));
  });

  it('keeps field errors and headers of an AppError', () => {
    const mapped = mapError(
      new AppError('RateLimited', 'RATE_LIMITED', 'slow down', {
        headers: { 'Retry-After': '2' },
        errors: [{ field: 'a', message: 'b' }],
      }),
    );
    expect(mapped.headers).toEqual({ 'Retry-After': '2' });
    expect(mapped.errors).toEqual([{ field: 'a', message: 'b' }]);
  });

  it.each([new Error('connection string postgres://u:secret@db'), 'a string', null, { statusCode: 200 }])(
    'hides the message of unexpected error %p behind a 500',
    (error) => {
      const mapped = mapError(error);
      expect(mapped).toMatchObject({ status: 500, code: 'INTERNAL', unexpected: true });
      expect(mapped.detail).not.toContain('secret');
    },
  );
});
