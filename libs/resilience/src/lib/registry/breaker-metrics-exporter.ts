import type { MetricsRegistry } from '@hotpath/telemetry';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { CALL_OUTCOMES, type CallOutcome } from '../breaker/call-outcome';
import type { CircuitBreaker } from '../breaker/circuit-breaker';
import { BREAKER_STATE_VALUE } from './breaker-state-value';

/** From a sub-millisecond cache call to a multi-second query. */
const DURATION_BUCKETS_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The breakers' metrics on a service's {@link MetricsRegistry}:
 * `resilience_breaker_state{name}` (read at scrape time), `resilience_calls_total{name,outcome}`
 * and `resilience_call_duration_seconds{name}` (rejections have no duration). Label children are
 * bound once per breaker, so a call costs an increment and an observe, no label lookup.
 */
export class BreakerMetricsExporter {
  private readonly state: Gauge<'name'>;
  private readonly calls: Counter<'name' | 'outcome'>;
  private readonly duration: Histogram<'name'>;
  private readonly breakers: CircuitBreaker[] = [];

  constructor(metrics: MetricsRegistry) {
    const breakers = this.breakers;
    this.state = metrics.createGauge({
      name: 'resilience_breaker_state',
      help: 'Circuit breaker state: 0 closed or disabled, 1 half-open, 2 open, 3 forced open.',
      labelNames: ['name'],
      collect() {
        for (const breaker of breakers) this.set({ name: breaker.name }, BREAKER_STATE_VALUE[breaker.state]);
      },
    });
    this.calls = metrics.createCounter({
      name: 'resilience_calls_total',
      help: 'Calls through a circuit breaker, by outcome (success, failure, slow, slow_failure, ignored, rejected).',
      labelNames: ['name', 'outcome'],
    });
    this.duration = metrics.createHistogram({
      name: 'resilience_call_duration_seconds',
      help: 'Duration of the calls a circuit breaker let through.',
      labelNames: ['name'],
      buckets: DURATION_BUCKETS_SECONDS,
    });
  }

  /** Starts exporting `breaker`'s calls; returns the function that stops it. */
  add(breaker: CircuitBreaker): () => void {
    this.breakers.push(breaker);
    const counters = Object.fromEntries(
      CALL_OUTCOMES.map((outcome) => [outcome, this.calls.labels({ name: breaker.name, outcome })]),
    ) as Record<CallOutcome, { inc(): void }>;
    const duration = this.duration.labels({ name: breaker.name });
    const unsubscribe = breaker.onCall((outcome, durationMs) => {
      counters[outcome].inc();
      if (outcome !== 'rejected') duration.observe(durationMs / 1000);
    });
    return () => {
      unsubscribe();
      this.breakers.splice(this.breakers.indexOf(breaker), 1);
    };
  }
}
