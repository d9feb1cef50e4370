import { DEFAULT_NAMESPACE, keyPatternSchema, MAX_BATCH_KEYS, namespaceSchema } from '@hotpath/contracts';
import { z } from 'zod';

/** `POST /clear`: the whole namespace, or the keys matching a glob and/or carrying a tag. */
export const clearBody = z
  .object({
    namespace: namespaceSchema.default(DEFAULT_NAMESPACE),
    pattern: keyPatternSchema.optional(),
    tags: z.array(z.string().min(1).max(128)).min(1).max(32).optional(),
  })
  .strict();

/** `GET /keys/:pattern?namespace=&cursor=&limit=` */
export const keysQuery = z.object({
  namespace: namespaceSchema.default(DEFAULT_NAMESPACE),
  cursor: z.string().min(1).max(512).optional(),
  limit: z.coerce.number<string>().int().min(1).max(MAX_BATCH_KEYS).default(100),
});

/** `POST /policies` may carry the version the caller last saw (optimistic concurrency). */
export const policyVersionQuery = z.object({
  expectedVersion: z.coerce.number<string>().int().min(0).optional(),
});
