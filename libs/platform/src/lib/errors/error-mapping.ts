import { HttpException } from '@nestjs/common';
import { isAppError } from './app-error';
import { statusOfKind } from './error-kind';
import type { FieldError } from './field-error';
import { PlatformErrorCodes } from './platform-error-codes';

/** What a transport needs to answer an error, whatever threw it. */
export interface MappedError {
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** True for errors nobody threw on purpose: log them once with their stack. */
  unexpected: boolean;
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: PlatformErrorCodes.PayloadTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: PlatformErrorCodes.UnsupportedMediaType,
};

const STATUS_CODES: Record<number, string> = {
  400: PlatformErrorCodes.ValidationFailed,
  401: PlatformErrorCodes.Unauthenticated,
  403: PlatformErrorCodes.MissingScope,
  404: PlatformErrorCodes.NotFound,
  413: PlatformErrorCodes.PayloadTooLarge,
  415: PlatformErrorCodes.UnsupportedMediaType,
  429: PlatformErrorCodes.RateLimited,
};

/**
 * Maps AppErrors (by kind), Nest HttpExceptions and Fastify's own errors (bad JSON, body too large)
 * to a status and stable code. Anything else is an unexpected 500 whose message is not disclosed.
 */
export function mapError(error: unknown): MappedError {
  if (isAppError(error)) {
    return {
      status: statusOfKind(error.kind),
      code: error.code,
      detail: error.message,
      errors: error.errors,
      headers: error.headers,
      unexpected: error.kind === 'Internal',
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return {
      status,
      code: STATUS_CODES[status] ?? `HTTP_${status}`,
      detail: httpDetail(error),
      unexpected: status >= 500,
    };
  }
  const fastifyStatus = statusOfFrameworkError(error);
  if (fastifyStatus !== undefined) {
    const { code, message } = error as { code?: string; message?: string };
    return {
      status: fastifyStatus,
      code: (code && FASTIFY_CODES[code]) ?? STATUS_CODES[fastifyStatus] ?? `HTTP_${fastifyStatus}`,
      detail: message ?? 'The request could not be processed.',
      unexpected: fastifyStatus >= 500,
    };
  }
  return {
    status: 500,
    code: PlatformErrorCodes.Internal,
    detail: 'An unexpected error occurred; quote the request id when reporting it.',
    unexpected: true,
  };
}

function httpDetail(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}

/** Fastify errors carry a 4xx `statusCode` and an `FST_` code. */
function statusOfFrameworkError(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { statusCode } = error as { statusCode?: unknown };
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 600 ? statusCode : undefined;
}
