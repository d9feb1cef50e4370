import { SetMetadata } from '@nestjs/common';
import type { Scope } from '@hotpath/contracts';

export const REQUIRED_SCOPES = 'hotpath:scopes';

/** The scopes an API key needs for this route (all of them). */
export const RequireScopes = (...scopes: Scope[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_SCOPES, scopes);
