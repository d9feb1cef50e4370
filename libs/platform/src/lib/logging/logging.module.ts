import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { LogLevel } from '../config/service-config';
import { REDACT_PATHS } from './redact-paths';

export interface LoggingOptions {
  serviceName: string;
  instanceId: string;
  level: LogLevel;
  /** Where lines go (stdout by default); tests pass a stream to read them. */
  destination?: DestinationStream;
}

const QUIET_PATHS = /^\/(health\/|metrics$)/;

/**
 * JSON logs through nestjs-pino: one line per request (probes and scrapes excepted), the request id
 * (the `X-Request-Id` header or a generated one, see createHttpApp) on every line logged while the
 * request is handled, and secrets redacted.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          // nestjs-pino's default route pattern does not match under Nest 12's Fastify middleware.
          forRoutes: [{ path: '*', method: RequestMethod.ALL }],
          pinoHttp: [
            {
              level: options.level,
              base: { service: options.serviceName, instance: options.instanceId },
              redact: { paths: REDACT_PATHS, censor: '[redacted]' },
              autoLogging: {
                // Middleware mounted on a path sees a trimmed url; originalUrl is the full one.
                ignore: (req) =>
                  QUIET_PATHS.test((req as { originalUrl?: string }).originalUrl ?? req.url ?? ''),
              },
              customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
              serializers: {
                req: (req: { id: unknown; method: string; url: string }) => ({
                  id: req.id,
                  method: req.method,
                  url: req.url,
                }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
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
