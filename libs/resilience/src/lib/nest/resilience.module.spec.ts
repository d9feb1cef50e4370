import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MetricsRegistry, TelemetryModule } from '@hotpath/telemetry';
import { CircuitBreaker } from '../breaker/circuit-breaker';
import { ResilienceRegistry } from '../registry/resilience-registry';
import { InjectBreaker } from './inject-breaker.decorator';
import { ResilienceModule } from './resilience.module';

@Injectable()
class OrdersRepository {
  constructor(@InjectBreaker('postgres') readonly breaker: CircuitBreaker) {}
}

describe('ResilienceModule', () => {
  it('provides the registry, the declared breakers, and exports metrics through TelemetryModule', async () => {
    const app = await Test.createTestingModule({
      imports: [
        TelemetryModule.forRoot({ serviceName: 'orders', collectDefaultMetrics: false }),
        ResilienceModule.forRoot({ breakers: { postgres: { failureRateThreshold: 25 } }, breakerDefaults: { slidingWindowSize: 4 } }),
      ],
      providers: [OrdersRepository],
    }).compile();
    const registry = app.get(ResilienceRegistry);
    const repository = app.get(OrdersRepository);
    expect(repository.breaker).toBeInstanceOf(CircuitBreaker);
    expect(registry.get('postgres')).toBe(repository.breaker);
    await repository.breaker.execute(() => 1);
    expect(await app.get(MetricsRegistry).metrics()).toContain('resilience_calls_total{name="postgres",outcome="success",service="orders"} 1');
    await app.close();
  });

  it('works without TelemetryModule (no metrics)', async () => {
    const app = await Test.createTestingModule({ imports: [ResilienceModule.forRoot()] }).compile();
    expect(app.get(ResilienceRegistry).breaker('x').state).toBe('closed');
    await app.close();
  });
});
