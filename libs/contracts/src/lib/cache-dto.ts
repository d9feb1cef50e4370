import { z } from 'zod';
import { compileGlob } from './glob/compile-glob';
import { GlobSyntaxError } from './glob/glob-syntax.error';

/**
 * Request shapes of the cache-service, shared by its HTTP routes and its Redis-transport handlers
 * (and by callers such as the performance-service). Limits are the architecture contract's.
 */
export const MAX_KEY_BYTES = 512;
/** A glob over keys (clear, invalidate, keys) has the limit of a key: 512 bytes of UTF-8. */
export const MAX_PATTERN_BYTES = MAX_KEY_BYTES;
export const MAX_VALUE_BYTES = 1024 * 1024;
export const MAX_BATCH_KEYS = 1000;
export const DEFAULT_NAMESPACE = 'default';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const NAMESPACE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** A UTF-16 code unit is at most 3 bytes of UTF-8: keys this short need no byte count. */
const SURELY_SHORT_KEY = Math.floor(MAX_KEY_BYTES / 3);

/** Whether `text` is at most {@link MAX_KEY_BYTES} (= {@link MAX_PATTERN_BYTES}) bytes of UTF-8. */
function fitsKeyBytes(text: string): boolean {
  return text.length <= SURELY_SHORT_KEY || Buffer.byteLength(text, 'utf8') <= MAX_KEY_BYTES;
}

/**
 * Whether `key` is a valid cache key: what {@link cacheKeySchema} accepts, without building a
 * parse result (the data plane's hot route checks this first and asks the schema only for errors).
 */
export function isCacheKey(key: unknown): key is string {
  return (
    typeof key === 'string' &&
    key.length > 0 &&
    fitsKeyBytes(key) &&
    !CONTROL_CHARACTERS.test(key)
  );
}

/** Whether `namespace` is a valid namespace name: what {@link namespaceSchema} accepts. */
export function isNamespace(namespace: unknown): namespace is string {
  return typeof namespace === 'string' && NAMESPACE_PATTERN.test(namespace);
}

export const cacheKeySchema = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .refine(fitsKeyBytes, `must be at most ${MAX_KEY_BYTES} bytes of UTF-8`)
  .refine((key) => !CONTROL_CHARACTERS.test(key), 'must not contain control characters');

/**
 * A glob over the keys of a namespace (`*`, `?`, `[...]`, `\` escapes; see `compileGlob`): 1 to
 * {@link MAX_PATTERN_BYTES} bytes of UTF-8 without control characters, well-formed, with at most
 * `MAX_GLOB_WILDCARDS` wildcards. The parsed value is the glob as Redis's SCAN MATCH reads it with
 * the same meaning (`[!a]` spelled `[^a]`), so that memory and Redis select the same keys.
 */
export const keyPatternSchema = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .refine(fitsKeyBytes, `must be at most ${MAX_PATTERN_BYTES} bytes of UTF-8`)
  .refine((pattern) => !CONTROL_CHARACTERS.test(pattern), 'must not contain control characters')
  .transform((pattern, ctx) => {
    try {
      return compileGlob(pattern).redisPattern;
    } catch (error) {
      if (!(error instanceof GlobSyntaxError)) throw error;
      ctx.addIssue({ code: 'custom', message: `is not a valid glob: ${error.message}` });
      return z.NEVER;
    }
  });

export const namespaceSchema = z
  .string()
  .regex(NAMESPACE_PATTERN, 'must match [a-z0-9][a-z0-9._-]{0,63}');

/** What a glob over namespace names may hold: their characters, and the glob's own. */
const NAMESPACE_GLOB_CHARACTERS = /^[a-z0-9._\-*?[\]^!\\]+$/;

/**
 * A glob over namespace names, as an API key's `namespaces` grant lists them (`auth`, `authz-*`):
 * 1-256 characters, only namespace characters and glob syntax, well-formed (see `compileGlob`).
 */
export const namespaceGlobSchema = z.string().superRefine((glob, ctx) => {
  if (glob.length === 0 || glob.length > 256) {
    ctx.addIssue({ code: 'custom', message: 'a namespace glob must be 1-256 characters' });
  } else if (!NAMESPACE_GLOB_CHARACTERS.test(glob)) {
    ctx.addIssue({
      code: 'custom',
      message: `'${glob}' can match no namespace: namespaces are [a-z0-9._-], globs add * ? [...]`,
    });
  } else {
    try {
      compileGlob(glob);
    } catch (error) {
      if (!(error instanceof GlobSyntaxError)) throw error;
      ctx.addIssue({ code: 'custom', message: `'${glob}' is not a valid glob: ${error.message}` });
    }
  }
});

const tagsSchema = z.array(z.string().min(1).max(128)).max(32, 'at most 32 tags');

export const setEntrySchema = z
  .object({
    namespace: namespaceSchema.default(DEFAULT_NAMESPACE),
    key: cacheKeySchema,
    value: z.json({ error: 'must be JSON' }),
    ttlSeconds: z.number().int().min(1).max(30 * 24 * 3600).optional(),
    tags: tagsSchema.optional(),
  })
  .strict();

export const keyInNamespaceSchema = z
  .object({ namespace: namespaceSchema.default(DEFAULT_NAMESPACE), key: cacheKeySchema })
  .strict();

export const batchGetSchema = z
  .object({
    namespace: namespaceSchema.default(DEFAULT_NAMESPACE),
    keys: z.array(cacheKeySchema).min(1, 'must list at least one key').max(MAX_BATCH_KEYS, `at most ${MAX_BATCH_KEYS} keys`),
  })
  .strict();

export const invalidateSchema = z
  .object({
    namespace: namespaceSchema.optional(),
    keys: z.array(cacheKeySchema).max(MAX_BATCH_KEYS).optional(),
    pattern: keyPatternSchema.optional(),
    tags: tagsSchema.min(1).optional(),
  })
  .strict()
  .refine((body) => !(body.keys && !body.namespace), { message: 'keys need a namespace', path: ['namespace'] });

export const warmSchema = z
  .object({
    namespace: namespaceSchema,
    keys: z.array(cacheKeySchema).max(10_000).optional(),
    source: z.string().min(1).max(128).optional(),
  })
  .strict();

export type SetEntryRequest = z.input<typeof setEntrySchema>;
export type BatchGetRequest = z.input<typeof batchGetSchema>;
export type InvalidateRequest = z.input<typeof invalidateSchema>;
export type WarmRequest = z.input<typeof warmSchema>;

/** One entry as the cache-service answers it. */
export interface CacheEntryResponse {
  key: string;
  namespace: string;
  value: unknown;
  version: number;
  tier: 'l1' | 'l2' | 'loader';
  ttlRemainingMs: number;
  stale: boolean;
}
