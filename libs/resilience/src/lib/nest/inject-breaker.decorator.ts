import { Inject } from '@nestjs/common';
import { breakerToken } from './breaker-token';

/** Injects the breaker `name` declared in `ResilienceModule.forRoot({ breakers })`. */
export const InjectBreaker = (name: string): ParameterDecorator & PropertyDecorator => Inject(breakerToken(name));
