import { z } from 'zod';
import { warmSourceSchema } from './warm-source';
import { writeBehindPolicySchema } from './write-behind-policy';

export const CACHE_STRATEGIES = ['cache-aside', 'write-through', 'write-behind', 'refresh-ahead'] as const;
export type CacheStrategy = (typeof CACHE_STRATEGIES)[number];

export const NAMESPACE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The per-namespace policy of the architecture contract, validated. */
export const cachePolicySchema = z
  .object({
    namespace: z.string().regex(NAMESPACE_PATTERN, 'must match [a-z0-9][a-z0-9._-]{0,63}'),
    ttlSeconds: z
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 3600)
      .default(300),
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .default(60),
    tiers: z
      .array(z.enum(['l1', 'l2']))
      .min(1, 'must name at least one tier')
      .refine((tiers) => new Set(tiers).size === tiers.length, 'must not repeat a tier')
      .default(['l1', 'l2']),
    strategy: z.enum(CACHE_STRATEGIES).default('cache-aside'),
    refreshAheadRatio: z.number().gt(0).lt(1).default(0.8),
    maxEntries: z.number().int().min(1).max(10_000_000).default(10_000),
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .max(8 * 1024 ** 3)
      .default(64 * 1024 * 1024),
    compressAboveBytes: z
      .number()
      .int()
      .min(0)
      .max(1024 * 1024)
      .default(1024),
    httpMaxAgeSeconds: z
      .number()
      .int()
      .min(0)
      .max(365 * 24 * 3600)
      .default(0),
    /** Keep every key of the namespace in one Redis Cluster slot (multi-key operations in one round trip). */
    hashTag: z.boolean().default(false),
    /** Spread expiries by ± this share of the TTL so that keys written together do not expire together. */
    ttlJitterRatio: z.number().min(0).max(0.5).default(0.1),
    /** Where the optimization-worker loads keys from to warm the namespace (see warm-source.ts). */
    warmSource: warmSourceSchema.optional(),
    /** Where a write-behind namespace's writes are flushed to, and how (see write-behind-policy.ts). */
    writeBehind: writeBehindPolicySchema.optional(),
  })
  .strict();

export type CachePolicy = z.output<typeof cachePolicySchema>;
export type CachePolicyInput = z.input<typeof cachePolicySchema>;

let defaults: CachePolicy | undefined;

/**
 * The policy a namespace has until somebody sets one: a new object each time, from defaults parsed
 * once (a read of an unknown namespace asks for one, and need not pay for a schema parse).
 * @throws ZodError for a namespace that does not match {@link NAMESPACE_PATTERN}.
 */
export function defaultPolicy(namespace: string): CachePolicy {
  defaults ??= cachePolicySchema.parse({ namespace: 'default' });
  return {
    ...defaults,
    namespace: cachePolicySchema.shape.namespace.parse(namespace),
    tiers: [...defaults.tiers],
  };
}
