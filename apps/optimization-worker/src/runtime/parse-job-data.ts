import { UnrecoverableError } from 'bullmq';
import type { z } from 'zod';

/**
 * Validates a job's data: a payload that does not match its schema will never succeed, so it
 * fails at once (UnrecoverableError: no retry) with one line naming each bad field.
 */
export function parseJobData<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'data'}: ${issue.message}`)
    .join('; ');
  throw new UnrecoverableError(`bad ${what} payload: ${problems}`);
}
