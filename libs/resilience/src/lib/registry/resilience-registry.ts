import type { ReadinessCheck } from '@hotpath/platform';
import { CircuitBreaker } from '../breaker/circuit-breaker';
import type { CircuitBreakerOptions } from '../breaker/circuit-breaker-options';
import { ResilienceError } from '../errors/resilience.error';
import { type BreakerHealth, healthOf } from './breaker-health';
import { BreakerMetricsExporter } from './breaker-metrics-exporter';
import type { BreakerSnapshot } from './breaker-snapshot';
import type { ResilienceRegistryOptions } from './resilience-registry-options';

const WORST: readonly BreakerHealth[] = ['up', 'degraded', 'down'];

/**
 * The breakers of a service by name: created once and shared, exported as metrics, summed up as a
 * health (half-open → degraded, open → down), a readiness check and a status-page snapshot.
 */
export class ResilienceRegistry {
  private readonly byName = new Map<string, CircuitBreaker>();
  private readonly exporter: BreakerMetricsExporter | undefined;

  constructor(private readonly options: ResilienceRegistryOptions = {}) {
    this.exporter = options.metrics ? new BreakerMetricsExporter(options.metrics) : undefined;
  }

  /** The breaker called `name`, created with `options` (over the defaults) the first time. */
  breaker(name: string, options: Omit<CircuitBreakerOptions, 'name'> = {}): CircuitBreaker {
    return this.byName.get(name) ?? this.add(new CircuitBreaker({ ...this.options.breakerDefaults, ...options, name }));
  }

  /** Registers a breaker made elsewhere; its name must be free. */
  add(breaker: CircuitBreaker): CircuitBreaker {
    if (this.byName.has(breaker.name)) {
      throw new ResilienceError('INVALID_OPTIONS', `a breaker named '${breaker.name}' is already registered`);
    }
    this.byName.set(breaker.name, breaker);
    this.exporter?.add(breaker);
    return breaker;
  }

  get(name: string): CircuitBreaker | undefined {
    return this.byName.get(name);
  }

  /** Every breaker, in registration order. */
  all(): CircuitBreaker[] {
    return [...this.byName.values()];
  }

  /** Each breaker's state, numbers and health, for a status page. */
  snapshot(): BreakerSnapshot[] {
    return this.all().map((breaker) => {
      const metrics = breaker.metrics();
      return { ...metrics, health: healthOf(metrics.state) };
    });
  }

  /** The worst health of all breakers (`up` when there are none). */
  health(): BreakerHealth {
    let worst = 0;
    for (const breaker of this.byName.values()) worst = Math.max(worst, WORST.indexOf(healthOf(breaker.state)));
    return WORST[worst];
  }

  /**
   * A readiness check that reports every breaker's state and health (half-open → degraded, open →
   * down) and fails while an *included* breaker is down, naming it. Include only breakers whose
   * dependency the service cannot serve without: an instance taken out of rotation for an optional
   * dependency loses the traffic it could still serve. With `include: () => false` it only reports.
   */
  readinessCheck(name = 'circuit-breakers', include: (breaker: CircuitBreaker) => boolean = () => true): ReadinessCheck {
    return {
      name,
      check: async () => {
        const breakers = this.all();
        const open = breakers.filter((breaker) => include(breaker) && healthOf(breaker.state) === 'down');
        if (open.length > 0) {
          const names = open.map((breaker) => `'${breaker.name}' (${breaker.state})`).join(', ');
          throw new ResilienceError('BREAKER_OPEN', `circuit breaker ${names} open`);
        }
        return {
          health: this.health(),
          breakers: Object.fromEntries(breakers.map((breaker) => [breaker.name, breaker.state])),
        };
      },
    };
  }
}
