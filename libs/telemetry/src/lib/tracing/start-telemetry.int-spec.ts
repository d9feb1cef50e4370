import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { metrics, trace } from '@opentelemetry/api';
import { OtlpRecorder } from '../../testing/otlp-recorder';
import { currentTraceId } from './current-trace-id';
import { startTelemetry } from './start-telemetry';
import type { TelemetryHandle } from './telemetry-handle';

/** Counts outgoing HTTP requests of this process through Node's own diagnostics channel. */
function countOutgoingRequests(): { count: () => number; stop: () => void } {
  let count = 0;
  const onRequest = (): void => {
    count += 1;
  };
  subscribe('http.client.request.start', onRequest);
  return { count: () => count, stop: () => unsubscribe('http.client.request.start', onRequest) };
}

describe('startTelemetry', () => {
  /** Handles of the current test, shut down even when it fails so the next test can start. */
  const handles: TelemetryHandle[] = [];
  const start = (...args: Parameters<typeof startTelemetry>): TelemetryHandle => {
    const handle = startTelemetry(...args);
    handles.push(handle);
    return handle;
  };

  afterEach(async () => {
    await Promise.all(handles.splice(0).map((handle) => handle.shutdown()));
  });

  it('exports spans and metrics to <otlpEndpoint>/v1/traces and /v1/metrics, flushed by shutdown()', async () => {
    const recorder = new OtlpRecorder();
    const endpoint = await recorder.listen();
    const outgoing = countOutgoingRequests();
    try {
      const handle = start({ serviceName: 'test', otlpEndpoint: `${endpoint}/`, instanceId: 'test-1' });
      expect(handle.exporting).toBe(true);

      const traceId = trace.getTracer('start-telemetry.int-spec').startActiveSpan('unit-of-work', (span) => {
        expect(currentTraceId()).toBe(span.spanContext().traceId);
        span.end();
        return span.spanContext().traceId;
      });
      metrics.getMeter('start-telemetry.int-spec').createCounter('hotpath_test_events').add(1);
      await handle.shutdown();

      const traces = recorder.posts.filter((post) => post.path === '/v1/traces');
      expect(traces).toHaveLength(1);
      expect(traces[0].contentType).toBe('application/json');
      expect(traces[0].body).toContain(traceId);
      expect(traces[0].body).toContain('"test-1"');
      expect(recorder.posts.some((post) => post.path === '/v1/metrics')).toBe(true);
      expect(recorder.posts.every((post) => ['/v1/traces', '/v1/metrics'].includes(post.path))).toBe(true);
      expect(outgoing.count()).toBe(recorder.posts.length);
    } finally {
      outgoing.stop();
      await recorder.close();
    }
  });

  it('sends nothing without otlpEndpoint, yet gives spans real trace ids', async () => {
    const outgoing = countOutgoingRequests();
    try {
      const handle = start({ serviceName: 'test' });
      expect(handle.exporting).toBe(false);

      trace.getTracer('start-telemetry.int-spec').startActiveSpan('unit-of-work', (span) => {
        expect(currentTraceId()).toMatch(/^[0-9a-f]{32}$/);
        expect(currentTraceId()).not.toBe('0'.repeat(32));
        span.end();
      });
      expect(currentTraceId()).toBeUndefined();

      await expect(handle.shutdown()).resolves.toBeUndefined();
      expect(outgoing.count()).toBe(0);
    } finally {
      outgoing.stop();
    }
  });

  it('refuses a second start while running, and starts again after shutdown', async () => {
    const first = start({ serviceName: 'test' });
    expect(() => startTelemetry({ serviceName: 'test' })).toThrow(
      expect.objectContaining({ name: 'TelemetryError', code: 'ALREADY_STARTED' }),
    );
    await first.shutdown();
    await first.shutdown();

    const second = start({ serviceName: 'test' });
    await second.shutdown();
  });

  it.each(['not a url', 'ftp://collector:4318'])('rejects otlpEndpoint %p', (otlpEndpoint) => {
    expect(() => startTelemetry({ serviceName: 'test', otlpEndpoint })).toThrow(
      expect.objectContaining({ code: 'INVALID_OTLP_ENDPOINT' }),
    );
  });
});
