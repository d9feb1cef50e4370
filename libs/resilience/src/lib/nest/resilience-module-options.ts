import type { CircuitBreakerOptions } from '../breaker/circuit-breaker-options';

/** What {@link ResilienceModule.forRoot} sets up. */
export interface ResilienceModuleOptions {
  /** Breakers created at start-up, by name; each can be injected with `@InjectBreaker(name)`. */
  breakers?: Record<string, Omit<CircuitBreakerOptions, 'name'>>;
  /** Options every breaker of the registry starts from. */
  breakerDefaults?: Omit<CircuitBreakerOptions, 'name'>;
}
