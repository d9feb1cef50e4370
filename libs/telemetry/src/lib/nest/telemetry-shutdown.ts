import { Inject, Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import type { TelemetryHandle } from '../tracing/telemetry-handle';

export const TELEMETRY_HANDLE = Symbol.for('hotpath.telemetry-handle');

/** Flushes and stops the OpenTelemetry SDK after the app has closed its transports. */
@Injectable()
export class TelemetryShutdown implements OnApplicationShutdown {
  constructor(@Optional() @Inject(TELEMETRY_HANDLE) private readonly handle?: TelemetryHandle) {}

  async onApplicationShutdown(): Promise<void> {
    await this.handle?.shutdown();
  }
}
