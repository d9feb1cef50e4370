/**
 * Child process of `instrumentations.int-spec.ts`, run as CommonJS with `node -r @swc-node/register`
 * the way the apps' webpack bundle runs: ioredis and pg are loaded by the imports below BEFORE
 * startTelemetry() is called. Argv: <otlpEndpoint> <redisUrl> <databaseUrl>. Writes the trace id of
 * its request span to stdout.
 */
import { trace } from '@opentelemetry/api';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { startTelemetry } from '../lib/tracing/start-telemetry';

async function main(): Promise<void> {
  const [otlpEndpoint, redisUrl, databaseUrl] = process.argv.slice(2);
  const redis = new Redis(redisUrl, { lazyConnect: true });
  const postgres = new Client({ connectionString: databaseUrl });
  await Promise.all([redis.connect(), postgres.connect()]);

  const telemetry = startTelemetry({ serviceName: 'instrumented-process', otlpEndpoint });
  const traceId = await trace.getTracer('fixture').startActiveSpan('request', async (span) => {
    await redis.ping();
    await postgres.query('SELECT 1');
    span.end();
    return span.spanContext().traceId;
  });
  await redis.ping(); // outside any span: must not be traced (requireParentSpan)
  await telemetry.shutdown();

  redis.disconnect();
  await postgres.end();
  process.stdout.write(traceId);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
