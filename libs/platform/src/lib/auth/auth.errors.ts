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

/** A key whose `namespaces` grant does not cover the namespace a request names (403 / `FORBIDDEN`). */
export class NamespaceForbiddenError extends AppError<typeof PlatformErrorCodes.NamespaceForbidden> {
  constructor(keyName: string, namespace: string) {
    super(
      'Forbidden',
      PlatformErrorCodes.NamespaceForbidden,
      `The API key '${keyName}' is not granted the namespace '${namespace}'.`,
    );
  }
}
