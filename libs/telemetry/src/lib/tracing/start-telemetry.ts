import { randomUUID } from 'node:crypto';
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  defaultResource,
  hostDetector,
  processDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK, type NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { TelemetryError } from '../errors/telemetry.error';
import { createInstrumentations, type HotpathInstrumentation } from './create-instrumentations';
import { DiscardingSpanProcessor } from './discarding-span-processor';
import { patchPreloadedModules } from './patch-preloaded-modules';
import type { TelemetryHandle } from './telemetry-handle';
import type { TelemetryOptions } from './telemetry-options';

const DEFAULT_METRIC_EXPORT_INTERVAL_MS = 10_000;

/** OpenTelemetry's providers and patches are process-wide, so only one handle may be live. */
let running = false;

/**
 * Starts OpenTelemetry for this process: resource `service.name` / `service.version` /
 * `service.instance.id`, HTTP + ioredis + pg instrumentation, W3C trace context, and OTLP/HTTP
 * export of traces and metrics when `options.otlpEndpoint` is set (nothing leaves the process
 * otherwise).
 *
 * Call it FIRST in `main.ts`, before the app module (and so `http`, `ioredis`, `pg`) is loaded:
 * instrumentation patches modules as they are required. Modules that some earlier import already
 * loaded are re-required once so they get patched as well (see `patchPreloadedModules`), but a
 * reference taken before that (`const { request } = require('http')`) stays unpatched. See the
 * README of this library for the exact `main.ts` lines.
 *
 * Hotpath code reads no environment variable here; the OpenTelemetry SDK still honours its own
 * tuning variables (`OTEL_SDK_DISABLED`, `OTEL_TRACES_SAMPLER`, `OTEL_BSP_*`), an operator's lever.
 *
 * @throws TelemetryError `ALREADY_STARTED` while an earlier handle is not shut down,
 *   `INVALID_OTLP_ENDPOINT` when the endpoint is not an http(s) URL.
 */
export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  if (running) {
    throw new TelemetryError('ALREADY_STARTED', 'startTelemetry() was already called in this process');
  }
  const endpoint = options.otlpEndpoint === undefined ? undefined : baseUrl(options.otlpEndpoint);
  const instanceId = options.instanceId ?? randomUUID();
  // Instrumenting every request, Redis command and query costs CPU on the hot path; without an
  // exporter nobody would see those spans, so by default they are only made when exporting.
  const instrumentations = (options.instrument ?? endpoint !== undefined) ? createInstrumentations() : [];
  const sdk = new NodeSDK({
    resource: defaultResource().merge(resourceFromAttributes(serviceAttributes(options, instanceId))),
    resourceDetectors: [hostDetector, processDetector],
    instrumentations,
    // Explicit empty list: left undefined, NodeSDK would build an OTLP log exporter from env.
    logRecordProcessors: [],
    ...(endpoint === undefined ? localOnly() : otlpExport(endpoint, options)),
  });
  sdk.start();
  if (instrumentations.length > 0) patchPreloadedModules();
  running = true;

  let stopping: Promise<void> | undefined;
  return {
    instanceId,
    exporting: endpoint !== undefined,
    shutdown: () => (stopping ??= stop(sdk, instrumentations)),
  };
}

function serviceAttributes(options: TelemetryOptions, instanceId: string): Record<string, string> {
  return {
    'service.name': options.serviceName,
    ...(options.serviceVersion === undefined ? {} : { 'service.version': options.serviceVersion }),
    'service.instance.id': instanceId,
  };
}

/** Tracer provider that assigns trace ids but exports nothing; no meter provider at all. */
function localOnly(): Partial<NodeSDKConfiguration> {
  return { spanProcessors: [new DiscardingSpanProcessor()], metricReaders: [] };
}

function otlpExport(endpoint: string, options: TelemetryOptions): Partial<NodeSDKConfiguration> {
  const headers = options.otlpHeaders ?? {};
  return {
    traceExporter: new OTLPTraceExporter({ url: `${endpoint}/v1/traces`, headers }),
    metricReaders: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${endpoint}/v1/metrics`, headers }),
        exportIntervalMillis: options.metricExportIntervalMs ?? DEFAULT_METRIC_EXPORT_INTERVAL_MS,
      }),
    ],
  };
}

/** Validates the endpoint and drops trailing slashes so `/v1/traces` can be appended. */
function baseUrl(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (error) {
    throw new TelemetryError('INVALID_OTLP_ENDPOINT', `otlpEndpoint "${endpoint}" is not a URL`, {
      cause: error,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TelemetryError('INVALID_OTLP_ENDPOINT', `otlpEndpoint "${endpoint}" must be http(s)`);
  }
  return endpoint.replace(/\/+$/, '');
}

async function stop(sdk: NodeSDK, instrumentations: HotpathInstrumentation[]): Promise<void> {
  try {
    await sdk.shutdown();
  } finally {
    for (const instrumentation of instrumentations) {
      instrumentation.disable();
    }
    trace.disable();
    metrics.disable();
    propagation.disable();
    context.disable();
    running = false;
  }
}
