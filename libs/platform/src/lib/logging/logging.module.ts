import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { LogLevel } from '../config/service-config';
import { REDACT_PATHS } from './redact-paths';
import { requestContext } from './request-context';

export interface LoggingOptions {
  serviceName: string;
  instanceId: string;
  level: LogLevel;
  /** Where lines go (stdout by default); tests pass a stream to read them. */
  destination?: DestinationStream;
}

/**
 * JSON logs through nestjs-pino, with secrets redacted, and the request id (the `X-Request-Id`
 * header or a generated one, see createHttpApp) under `req` on every line logged while a request is
 * handled. The per-request part lives on Fastify hooks ({@link installRequestLogging}): nestjs-pino's
 * pino-http middleware is not mounted, as it built a redacted child logger for every request.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [],
          pinoHttp: [
            {
              level: options.level,
              base: { service: options.serviceName, instance: options.instanceId },
              redact: { paths: REDACT_PATHS, censor: '[redacted]' },
              // The request being handled, on every line (a line's own `req` wins).
              mixin: () => {
                const req = requestContext.current();
                return req ? { req } : {};
              },
            },
            options.destination ?? process.stdout,
          ],
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
