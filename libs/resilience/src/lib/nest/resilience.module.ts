import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { MetricsRegistry } from '@hotpath/telemetry';
import { ResilienceRegistry } from '../registry/resilience-registry';
import { breakerToken } from './breaker-token';
import type { ResilienceModuleOptions } from './resilience-module-options';

/**
 * Global module: one {@link ResilienceRegistry} per app, exporting its breakers' metrics to the
 * app's `MetricsRegistry` when `TelemetryModule` is imported, and each declared breaker as an
 * injectable (`@InjectBreaker('postgres')`). Import once, in the root module. Add the registry's
 * `readinessCheck()` to `HealthModule`'s checks where an open breaker should take the instance
 * out of rotation.
 */
@Module({})
export class ResilienceModule {
  static forRoot(options: ResilienceModuleOptions = {}): DynamicModule {
    const breakers: Provider[] = Object.entries(options.breakers ?? {}).map(([name, breakerOptions]) => ({
      provide: breakerToken(name),
      useFactory: (registry: ResilienceRegistry) => registry.breaker(name, breakerOptions),
      inject: [ResilienceRegistry],
    }));
    return {
      module: ResilienceModule,
      global: true,
      providers: [
        {
          provide: ResilienceRegistry,
          useFactory: (metrics?: MetricsRegistry) =>
            new ResilienceRegistry({ metrics, breakerDefaults: options.breakerDefaults }),
          inject: [{ token: MetricsRegistry, optional: true }],
        },
        ...breakers,
      ],
      exports: [ResilienceRegistry, ...breakers.map((provider) => (provider as { provide: symbol }).provide)],
    };
  }
}
