import type { ArgumentsHost } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
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
