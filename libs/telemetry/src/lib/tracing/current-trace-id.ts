import { context, trace } from '@opentelemetry/api';

/**
 * The trace id of the active span, for log lines and problem+json error ids; `undefined` outside a
 * span or before {@link startTelemetry} ran.
 */
export function currentTraceId(): string | undefined {
  const spanContext = trace.getSpanContext(context.active());
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}
