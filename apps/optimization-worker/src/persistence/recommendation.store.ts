import { Inject, Injectable } from '@nestjs/common';
import type { Recommendation } from '@hotpath/analysis';
import { DATABASE_DATA_SOURCE } from '@hotpath/platform';
import type { DataSource } from 'typeorm';

/**
 * Writes findings to the performance-service's `perf.recommendations` (what `GET /recommendations`
 * lists). Deduplicated by fingerprint: the same finding of a later run updates its row (evidence,
 * severity, estimated gain, `last_seen_at`, `occurrences`) and keeps its id and state, except that
 * an `applied` recommendation seen again is open again (the fix did not take).
 */
@Injectable()
export class RecommendationStore {
  constructor(@Inject(DATABASE_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async upsert(recommendations: Recommendation[]): Promise<{ created: number; updated: number }> {
    let created = 0;
    for (const r of recommendations) {
      const rows = (await this.dataSource.query(
        `INSERT INTO perf.recommendations (kind, severity, title, evidence, action, estimated_gain, scope, fingerprint)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (fingerprint) DO UPDATE
           SET kind = EXCLUDED.kind, severity = EXCLUDED.severity, title = EXCLUDED.title,
               evidence = EXCLUDED.evidence, action = EXCLUDED.action, estimated_gain = EXCLUDED.estimated_gain,
               scope = EXCLUDED.scope, updated_at = now(), last_seen_at = now(),
               occurrences = recommendations.occurrences + 1,
               state = CASE WHEN recommendations.state = 'applied' THEN 'open' ELSE recommendations.state END
         RETURNING (xmax = 0) AS inserted`,
        [r.kind, r.severity, r.title, JSON.stringify(r.evidence), r.action, r.estimatedGain, r.scope, r.fingerprint],
      )) as Array<{ inserted: boolean }>;
      if (rows[0]?.inserted) created++;
    }
    return { created, updated: recommendations.length - created };
  }
}
