import type { TelemetryErrorCode } from './telemetry-error-code';

/** The only error type `@hotpath/telemetry` throws; `code` is stable, `cause` is kept. */
export class TelemetryError extends Error {
  override readonly name = 'TelemetryError';

  constructor(
    readonly code: TelemetryErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
