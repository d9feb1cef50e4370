import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { OtlpRecorder } from '../../testing/otlp-recorder';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotpath';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURE = join(here, '../../testing/instrumented-process.fixture.ts');
const TSCONFIG = join(here, '../../../tsconfig.json');

/**
 * Module patching cannot be observed inside Jest (its module registry bypasses Node's `require`
 * hooks), so a real Node process runs the fixture against the local Redis and PostgreSQL.
 */
describe('startTelemetry instrumentations (child process, local Redis and PostgreSQL)', () => {
  const recorder = new OtlpRecorder();

  afterAll(async () => {
    await recorder.close();
  });

  it('traces ioredis and pg calls inside a span, even when both were loaded before startTelemetry', async () => {
    const endpoint = await recorder.listen();
    const { stdout: traceId } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', FIXTURE, endpoint, REDIS_URL, DATABASE_URL],
      { env: { ...process.env, SWC_NODE_PROJECT: TSCONFIG, NODE_OPTIONS: '' } },
    );

    const spans = recorder.exportedSpans();
    const redisSpans = spans.filter((span) => span.scope === '@opentelemetry/instrumentation-ioredis');
    const pgSpans = spans.filter((span) => span.scope === '@opentelemetry/instrumentation-pg');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(redisSpans.map((span) => [span.name, span.traceId])).toEqual([['ping', traceId]]);
    expect(pgSpans.length).toBeGreaterThanOrEqual(1);
    expect(pgSpans.every((span) => span.traceId === traceId)).toBe(true);
  }, 30_000);
});
