import type { z } from 'zod';
import type { FieldError } from './field-error';
import { ValidationError } from './validation.error';

/** Parses untrusted input with a zod schema, throwing a ValidationError that names each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(toFieldErrors(result.error, prefix));
}

export function toFieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return { field: [prefix, path].filter(Boolean).join('.'), message: issue.message };
  });
}
