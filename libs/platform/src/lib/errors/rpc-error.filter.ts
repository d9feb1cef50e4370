import { type ArgumentsHost, Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { type RpcErrorCode, RpcErrorCodes, type RpcErrorReply } from '@hotpath/contracts';
import { type Observable, throwError } from 'rxjs';
import { mapError } from './error-mapping';

/**
 * The refusals a transport client must tell apart without knowing every library's codes: by
 * status, as the contract names them. Other errors keep their own code (`L2_UNAVAILABLE`, …).
 */
const RPC_CODE_OF_STATUS: Partial<Record<number, RpcErrorCode>> = {
  400: RpcErrorCodes.ValidationFailed,
  401: RpcErrorCodes.Unauthenticated,
  403: RpcErrorCodes.Forbidden,
  429: RpcErrorCodes.RateLimited,
};

/**
 * Answers every Redis-transport handler error as `{ status: 'error', code, message, errors? }`,
 * so a bad payload gets an error reply and never takes the process down. A 400, 401, 403 or 429
 * is answered with its `RpcErrorCodes` code (the message says which check refused).
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
      code: RPC_CODE_OF_STATUS[mapped.status] ?? mapped.code,
      message: mapped.detail,
      ...(mapped.errors ? { errors: mapped.errors } : {}),
    };
    return throwError(() => reply);
  }
}
