import { Controller, Get, Query } from '@nestjs/common';
import { Scopes } from '@hotpath/contracts';
import { parseInput, RequireScopes } from '@hotpath/platform';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThanOrEqual, type Repository } from 'typeorm';
import { PERF_SCHEMA } from '../persistence/perf-database';
import { RecommendationEntity } from '../persistence/recommendation.entity';
import { recommendationsQuery } from './recommendations-query';

@Controller('api/v2/performance')
export class RecommendationsController {
  constructor(
    @InjectRepository(RecommendationEntity, PERF_SCHEMA)
    private readonly recommendations: Repository<RecommendationEntity>,
  ) {}

  /** Newest first, optionally for one scope and since a date. */
  @RequireScopes(Scopes.PerfRead)
  @Get('recommendations')
  async list(@Query() rawQuery: unknown) {
    const query = parseInput(recommendationsQuery, rawQuery, 'query');
    const rows = await this.recommendations.find({
      where: {
        ...(query.scope ? { scope: query.scope } : {}),
        ...(query.since ? { createdAt: MoreThanOrEqual(new Date(query.since)) } : {}),
      },
      order: { createdAt: 'DESC' },
      take: query.limit,
    });
    return rows.map(({ id, kind, severity, title, evidence, action, estimatedGain, scope, createdAt }) => ({
      id,
      kind,
      severity,
      title,
      evidence,
      action,
      estimatedGain,
      scope,
      createdAt: createdAt.toISOString(),
    }));
  }
}
