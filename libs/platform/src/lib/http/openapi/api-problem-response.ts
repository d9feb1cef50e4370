import { ApiResponse } from '@nestjs/swagger';
import { problemDetailsSchema } from './problem-details.schema';

/** An error response of a route, documented as `application/problem+json`. */
export function ApiProblemResponse(status: number, description: string): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description,
    content: { 'application/problem+json': { schema: problemDetailsSchema } },
  });
}
