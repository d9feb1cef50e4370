import { AppError } from './app-error';
import type { FieldError } from './field-error';
import { PlatformErrorCodes } from './platform-error-codes';

/** Input that does not satisfy its schema; `errors` lists every offending field. */
export class ValidationError extends AppError<typeof PlatformErrorCodes.ValidationFailed> {
  constructor(errors: FieldError[], message = summarise(errors)) {
    super('Invalid', PlatformErrorCodes.ValidationFailed, message, { errors });
  }
}

function summarise(errors: FieldError[]): string {
  if (errors.length === 0) return 'The input is invalid.';
  const [first] = errors;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return `${first.field ? `${first.field}: ` : ''}${first.message}${more}`;
}
