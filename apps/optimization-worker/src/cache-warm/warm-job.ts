import { type CacheWarmJobData } from '@hotpath/contracts';
import { NAMESPACE_PATTERN } from '@hotpath/cache';
import { z } from 'zod';

/** Keys one warm job may name; the fleet's hot-key set is read up to the same bound. */
export const MAX_WARM_KEYS = 100_000;

// Keys as the cache-service accepts them: 1–512 bytes of UTF-8 without control characters.
const key = z
  .string()
  .min(1)
  .refine((value) => Buffer.byteLength(value) <= 512, 'must be at most 512 bytes of UTF-8')
  // eslint-disable-next-line no-control-regex
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'must not contain control characters');

const warmJobSchema = z
  .object({
    namespace: z.string().regex(NAMESPACE_PATTERN, 'must match [a-z0-9][a-z0-9._-]{0,63}'),
    keys: z.array(key).max(MAX_WARM_KEYS).optional(),
    source: z.string().min(1).max(64).optional(),
    requestId: z.string().max(200).optional(),
  })
  .strip();

/**
 * A warm job's payload, validated (what a producer outside our code may have put on the queue).
 * @returns the payload, or the reasons it is unusable.
 */
export function parseWarmJob(data: unknown): { job: CacheWarmJobData } | { problems: string } {
  const parsed = warmJobSchema.safeParse(data);
  if (parsed.success) return { job: parsed.data };
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'payload'} ${issue.message}`,
  );
  return { problems: problems.join('; ') };
}
