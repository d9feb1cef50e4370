import { type ArgumentsHost, Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import type { RpcErrorReply } from '@hotpath/contracts';
import { type Observable, throwError } from 'rxjs';
import { mapError } from './error-mapping';

/**
 * Answers every Redis-transport handler error as `{ status: 'error', code, message, errors? }`,
 * so a bad payload gets an error reply and never takes the process down.
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger(RpcErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const mapped = mapError(exception);
    if (mapped.unexpected) {
      const pattern = host.getType() === 'rpc' ? host.switchToRpc().getContext()?.getChannel?.() : undefined;
      this.logger.error({ err: exception, pattern }, 'Unhandled error in a message handler');
    }
    const reply: RpcErrorReply = {
      status: 'error',
      code: mapped.code,
      message: mapped.detail,
      ...(mapped.errors ? { errors: mapped.errors } : {}),
    };
    return throwError(() => reply);
  }
}
