import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';

type SpanProcessor = NonNullable<NodeSDKConfiguration['spanProcessors']>[number];

/**
 * Span processor used when no OTLP endpoint is configured. NodeSDK only registers a tracer provider
 * when it has at least one processor; without one, spans would be non-recording with invalid
 * (all-zero) trace ids and logs could not carry a trace id. This keeps the provider, drops the spans.
 */
export class DiscardingSpanProcessor implements SpanProcessor {
  onStart(): void {
    // Nothing to do: the span context (trace id) is already assigned by the tracer.
  }

  onEnd(): void {
    // Dropped on purpose: there is nowhere to send it.
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
