import type { ArgumentsHost } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { MissingScopeError, NamespaceForbiddenError, UnauthenticatedError } from '../auth/auth.errors';
import { RateLimitedError } from '../rate-limit/rate-limited.error';
import { AppError } from './app-error';
import { RpcErrorFilter } from './rpc-error.filter';
import { ValidationError } from './validation.error';

const rpcHost = {
  getType: () => 'rpc',
  switchToRpc: () => ({ getContext: () => undefined }),
} as unknown as ArgumentsHost;

async function replyTo(error: unknown): Promise<unknown> {
  try {
    await firstValueFrom(new RpcErrorFilter().catch(error, rpcHost));
  } catch (reply) {
    return reply;
  }
  throw new Error('the filter should answer with an error');
}

describe('RpcErrorFilter', () => {
  it('answers a validation error with its code and fields', async () => {
    expect(await replyTo(new ValidationError([{ field: 'key', message: 'must not be empty' }]))).toEqual({
      status: 'error',
      code: 'VALIDATION_FAILED',
      message: 'key: must not be empty',
      errors: [{ field: 'key', message: 'must not be empty' }],
    });
  });

  it.each([
    [new UnauthenticatedError('no key'), 'UNAUTHENTICATED'],
    [new MissingScopeError('reader', ['cache:write']), 'FORBIDDEN'],
    [new NamespaceForbiddenError('reader', 'authz'), 'FORBIDDEN'],
    [
      new RateLimitedError(
        'reader',
        { perSecond: 1, burst: 1 },
        { allowed: false, retryAfterMs: 900, remaining: 0, resetMs: 900 },
      ),
      'RATE_LIMITED',
    ],
    [new AppError('Invalid', 'INVALID_PATTERN', 'unclosed ['), 'VALIDATION_FAILED'],
    [new AppError('NotFound', 'CACHE_MISS', 'miss'), 'CACHE_MISS'],
    [new AppError('TooLarge', 'VALUE_TOO_LARGE', 'big'), 'VALUE_TOO_LARGE'],
  ])('answers %p with the code %s, and its message', async (error, code) => {
    expect(await replyTo(error)).toEqual({ status: 'error', code, message: error.message });
  });

  it('passes a library error code through', async () => {
    expect(await replyTo(new AppError('Unavailable', 'L2_UNAVAILABLE', 'Redis is down'))).toEqual({
      status: 'error',
      code: 'L2_UNAVAILABLE',
      message: 'Redis is down',
    });
  });

  it('hides the message of an unexpected error', async () => {
    const reply = (await replyTo(new TypeError('secret internals'))) as { code: string; message: string };
    expect(reply.code).toBe('INTERNAL');
    expect(reply.message).not.toContain('secret');
  });
});
