import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { ProblemDetailsFilter } from './problem-details.filter';
import { RpcErrorFilter } from './rpc-error.filter';

/**
 * One global filter for a hybrid app (HTTP + Redis transport sharing the app's config): HTTP errors
 * become problem+json, message-handler errors become RPC error replies.
 */
@Catch()
export class TransportErrorFilter implements ExceptionFilter {
  private readonly http = new ProblemDetailsFilter();
  private readonly rpc = new RpcErrorFilter();

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    if (host.getType() === 'rpc') return this.rpc.catch(exception, host);
    return this.http.catch(exception, host);
  }
}
