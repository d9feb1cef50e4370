import { z } from 'zod';

/** Query of `GET /recommendations`. */
export const recommendationsQuery = z.object({
  scope: z.string().min(1).max(128).optional(),
  since: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-11-01T00:00:00Z' })
    .optional(),
  limit: z.coerce.number<string>().int().min(1).max(1000).default(100),
});

export type RecommendationsQuery = z.output<typeof recommendationsQuery>;
