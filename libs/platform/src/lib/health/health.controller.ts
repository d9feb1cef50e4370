import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { type HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';
import { HEALTH_OPTIONS, type HealthOptions } from './health.options';

/**
 * `/health/live`: the process runs and its event loop turns (no dependency checks, so a Redis
 * outage never gets pods killed). `/health/ready`: every dependency answers; 503 otherwise.
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  @Get('live')
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Answers Terminus' own report, with 503 and the failing dependency named when one is down. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.checkDependencies();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private checkDependencies(): Promise<HealthCheckResult> {
    const timeoutMs = this.options.timeoutMs ?? 1000;
    return this.health.check(
      this.options.checks.map(
        (dependency) => () =>
          this.indicators
            .check(dependency.name)
            // What a check resolves with (a pool's utilisation, breakers' states) joins its report.
            .attempt(async ({ signal }) => reportOf(await dependency.check(signal)))
            .withTimeout(timeoutMs),
      ),
    );
  }
}

/** The object a check resolved with, as Terminus' additional data (anything else adds nothing). */
function reportOf(result: unknown): Record<string, unknown> | undefined {
  return typeof result === 'object' && result !== null && !Array.isArray(result)
    ? (result as Record<string, unknown>)
    : undefined;
}
