import {
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  Injectable,
  Module,
  Param,
} from '@nestjs/common';
import { APP_GUARD, NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Public, PUBLIC_ROUTE } from '@hotpath/platform';
import { readPrometheusSample } from '../../testing/read-prometheus-sample';
import { MetricsRegistry } from '../metrics/metrics-registry';
import { TelemetryModule } from './telemetry.module';

const COUNT = 'http_server_request_duration_seconds_count';

/** Deny-by-default, like the platform's API-key guard: only `@Public()` routes get through. */
@Injectable()
class PublicOnlyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    return (
      this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]) ===
      true
    );
  }
}

@Controller('things')
class ThingsController {
  @Public()
  @Get(':id')
  find(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Get(':id/secret')
  secret(): string {
    return 'never';
  }
}

@Module({
  imports: [TelemetryModule.forRoot({ serviceName: 'things-service' })],
  controllers: [ThingsController],
  providers: [{ provide: APP_GUARD, useClass: PublicOnlyGuard }],
})
class ThingsModule {}

describe('TelemetryModule (Nest + Fastify)', () => {
  let app: NestFastifyApplication;

  beforeEach(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ThingsModule, new FastifyAdapter(), {
      logger: false,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterEach(async () => {
    await app.close();
  });

  const inject = (url: string) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url });

  it('serves /metrics without an API key, in the Prometheus text format', async () => {
    expect((await inject('/things/1/secret')).statusCode).toBe(403);

    const response = await inject('/metrics');

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(app.get(MetricsRegistry).contentType);
    expect(response.body).toContain('# TYPE http_server_request_duration_seconds histogram');
    expect(
      readPrometheusSample(response.body, 'process_cpu_seconds_total', { service: 'things-service' }),
    ).toBeDefined();
  });

  it('records requests by route template and status, 404s as "unmatched", and /metrics itself', async () => {
    expect((await inject('/things/1')).statusCode).toBe(200);
    expect((await inject('/things/2')).statusCode).toBe(200);
    expect((await inject('/no/such/path')).statusCode).toBe(404);

    const first = (await inject('/metrics')).body;
    expect(
      readPrometheusSample(first, COUNT, {
        method: 'GET',
        route: '/things/:id',
        status_code: '200',
        service: 'things-service',
      }),
    ).toBe(2);
    expect(
      readPrometheusSample(first, COUNT, { method: 'GET', route: 'unmatched', status_code: '404' }),
    ).toBe(1);
    expect(readPrometheusSample(first, COUNT, { route: '/things/1' })).toBeUndefined();

    const second = (await inject('/metrics')).body;
    expect(
      readPrometheusSample(second, COUNT, { method: 'GET', route: '/metrics', status_code: '200' }),
    ).toBe(1);

    const report = app.get(MetricsRegistry).routeLatencyReport();
    expect(report.find((entry) => entry.route === '/things/:id')?.histogram.count).toBe(2);
  });

  it('gives each app its own registry', async () => {
    const other = await NestFactory.create<NestFastifyApplication>(ThingsModule, new FastifyAdapter(), {
      logger: false,
    });
    await other.init();
    await inject('/things/1');

    expect(other.get(MetricsRegistry)).not.toBe(app.get(MetricsRegistry));
    expect(other.get(MetricsRegistry).routeLatencyReport()).toEqual([]);
    await other.close();
  });

  it('is a no-op for HTTP recording in an application context without an HTTP adapter', async () => {
    const context = await NestFactory.createApplicationContext(
      TelemetryModule.forRoot({ serviceName: 'worker' }),
      { logger: false },
    );
    await context.init();

    const text = await context.get(MetricsRegistry).metrics();
    expect(readPrometheusSample(text, 'process_cpu_seconds_total', { service: 'worker' })).toBeDefined();
    await context.close();
  });
});
