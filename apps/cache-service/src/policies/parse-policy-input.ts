import { type CachePolicy, cachePolicySchema } from '@hotpath/cache';
import { type FieldError, ValidationError } from '@hotpath/platform';
import type { z } from 'zod';

/**
 * Validates a policy written by a client (defaults fill what it leaves out), or throws a
 * ValidationError (400) naming every bad field. Unknown fields are named one by one: zod reports
 * them as one issue on the enclosing object, which would leave the client with an empty field path.
 */
export function parsePolicyInput(input: unknown): CachePolicy {
  const result = cachePolicySchema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.flatMap(fieldErrorsOf));
}

function fieldErrorsOf(issue: z.ZodError['issues'][number]): FieldError[] {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'is not a policy field' }));
  }
  return [{ field: path.join('.'), message: issue.message }];
}
