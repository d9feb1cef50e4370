import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceConfig } from '../config/service-config';

/**
 * Starts the transports and the HTTP listener, and arms a deadline so that a shutdown that hangs
 * (a stuck connection, a job that will not finish) still ends the process.
 */
export async function startService(app: NestFastifyApplication, config: ServiceConfig): Promise<void> {
  await app.startAllMicroservices();
  await app.listen({ port: config.http.port, host: config.http.host });
  new Logger(config.serviceName).log(
    `${config.serviceName} ${config.instanceId} listening on http://${config.http.host}:${config.http.port}`,
  );
  armShutdownDeadline(config.shutdownTimeoutMs);
}

export function armShutdownDeadline(timeoutMs: number): void {
  const arm = (): void => {
    setTimeout(() => {
      process.stderr.write(`shutdown took longer than ${timeoutMs} ms; exiting\n`);
      process.exit(1);
    }, timeoutMs).unref();
  };
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
}
