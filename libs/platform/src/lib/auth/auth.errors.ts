import type { Scope } from '@hotpath/contracts';
import { AppError } from '../errors/app-error';
import { PlatformErrorCodes } from '../errors/platform-error-codes';

export class UnauthenticatedError extends AppError<typeof PlatformErrorCodes.Unauthenticated> {
  constructor(message: string) {
    super('Unauthenticated', PlatformErrorCodes.Unauthenticated, message);
  }
}

export class MissingScopeError extends AppError<typeof PlatformErrorCodes.MissingScope> {
  constructor(keyName: string, missing: Scope[]) {
    super(
      'Forbidden',
      PlatformErrorCodes.MissingScope,
      `The API key '${keyName}' lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')} this route needs.`,
    );
  }
}
