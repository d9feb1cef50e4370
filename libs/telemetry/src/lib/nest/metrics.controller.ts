import { Controller, Get, Res } from '@nestjs/common';
import { Public } from '@hotpath/platform';
import { MetricsRegistry } from '../metrics/metrics-registry';

/** The slice of a Fastify reply the handler uses. */
interface HeaderReply {
  header(name: string, value: string): unknown;
}

/** `GET /metrics`: the registry in Prometheus text format, reachable without an API key. */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  @Get()
  scrape(@Res({ passthrough: true }) reply: HeaderReply): Promise<string> {
    reply.header('Content-Type', this.registry.contentType);
    reply.header('Cache-Control', 'no-store');
    return this.registry.metrics();
  }
}
