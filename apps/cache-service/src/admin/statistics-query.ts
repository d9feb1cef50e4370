import { namespaceSchema } from '@hotpath/contracts';
import { z } from 'zod';

const DURATION = /^(\d+)(s|m|h)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;

function duration(fallback: string, minMs: number, maxMs: number) {
  return z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const match = DURATION.exec(text);
      const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : NaN;
      if (!(ms >= minMs && ms <= maxMs)) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a duration like 10s, 5m or 1h between ${minMs / 1000}s and ${maxMs / 1000}s`,
        });
        return z.NEVER;
      }
      return ms;
    });
}

/** `GET /statistics?tier=&namespace=&range=&granularity=` */
export const statisticsQuery = z
  .object({
    tier: z.enum(['l1', 'l2']).optional(),
    namespace: namespaceSchema.optional(),
    range: duration('15m', 10_000, 3_600_000),
    granularity: duration('1m', 5_000, 3_600_000),
  })
  .refine((query) => query.range / query.granularity <= 720, {
    message: 'range / granularity must be at most 720 points',
    path: ['granularity'],
  });

export type StatisticsQuery = z.output<typeof statisticsQuery>;
