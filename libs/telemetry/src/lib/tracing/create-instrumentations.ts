import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';

export type HotpathInstrumentation = HttpInstrumentation | IORedisInstrumentation | PgInstrumentation;

/** Probe and scrape paths: traced, they would outnumber real requests and say nothing. */
const UNTRACED_PATHS = /^\/(metrics|health)(\/|\?|$)/;

/**
 * The instrumentations Hotpath enables, listed explicitly (no auto-instrumentations-node bundle):
 * - HTTP: server and client spans, W3C trace context in and out; `/metrics` and `/health/*` skipped.
 * - ioredis / pg: only inside an existing span (`requireParentSpan`), so BullMQ polling, pool
 *   keep-alives and migrations do not create a flood of root spans. Query parameters are never
 *   recorded (`enhancedDatabaseReporting: false`); ioredis' default serializer masks values.
 */
export function createInstrumentations(): HotpathInstrumentation[] {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
    }),
    new IORedisInstrumentation({ requireParentSpan: true }),
    new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
  ];
}
