import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mapError } from './error-mapping';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problemType, titleOfStatus } from './problem-details';

/** Answers every HTTP error as `application/problem+json` (RFC 9457). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const mapped = mapError(exception);
    const requestId = String(request.id ?? '');

    if (mapped.unexpected) {
      this.logger.error({ err: exception, requestId }, `Unhandled error on ${request.method} ${request.url}`);
    }
    const body: ProblemDetails = {
      type: problemType(mapped.code),
      title: titleOfStatus(mapped.status),
      status: mapped.status,
      detail: mapped.detail,
      instance: request.url.split('?')[0],
      code: mapped.code,
      ...(requestId ? { requestId } : {}),
      ...(mapped.errors ? { errors: mapped.errors } : {}),
    };
    if (reply.sent) return;
    if (mapped.headers) reply.headers(mapped.headers);
    if (mapped.status === 401) reply.header('WWW-Authenticate', 'Bearer');
    reply.status(mapped.status).type(PROBLEM_CONTENT_TYPE).send(body);
  }
}
