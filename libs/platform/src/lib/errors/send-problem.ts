import type { LoggerService } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mapError } from './error-mapping';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problemType, titleOfStatus } from './problem-details';

/**
 * Answers `exception` as `application/problem+json` (RFC 9457); an unexpected error becomes a 500
 * with the request id, logged once with its stack. Shared by the Nest filter and native routes.
 */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  exception: unknown,
  logger: Pick<LoggerService, 'error'>,
): void {
  const mapped = mapError(exception);
  const requestId = String(request.id ?? '');

  if (mapped.unexpected) {
    logger.error({ err: exception, requestId }, `Unhandled error on ${request.method} ${request.url}`);
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
