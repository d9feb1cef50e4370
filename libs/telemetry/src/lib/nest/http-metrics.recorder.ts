import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type AbstractHttpAdapter, HttpAdapterHost } from '@nestjs/core';
import { MetricsRegistry } from '../metrics/metrics-registry';
import { installHttpMetrics } from './install-http-metrics';

/**
 * Hooks request-latency recording into the Fastify instance behind Nest's HTTP adapter. Does
 * nothing in an application context (no HTTP adapter), and only warns for a non-Fastify adapter.
 */
@Injectable()
export class HttpMetricsRecorder implements OnModuleInit {
  private readonly logger = new Logger(HttpMetricsRecorder.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly registry: MetricsRegistry,
  ) {}

  onModuleInit(): void {
    // Typed non-null by Nest, but unset in `NestFactory.createApplicationContext()`.
    const adapter: AbstractHttpAdapter | undefined = this.adapterHost.httpAdapter ?? undefined;
    if (adapter === undefined) {
      return;
    }
    if (adapter.getType() !== 'fastify') {
      this.logger.warn(`request latency is not recorded: HTTP adapter "${adapter.getType()}" is not Fastify`);
      return;
    }
    installHttpMetrics(adapter.getInstance(), this.registry);
  }
}
