import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { Scopes } from '@hotpath/contracts';
import { cachePolicySchema, TieredCache } from '@hotpath/cache';
import {
  ApiKeyProtected,
  ApiProblemResponse,
  ApiQueryFrom,
  type AuthenticatedRequest,
  jsonSchemaOf,
  parseInput,
  RequireScopes,
} from '@hotpath/platform';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PolicyStore } from '../policies/policy-store';
import { type InstanceStatus, InstanceStatusService } from '../status/instance-status.service';
import { clearBody, keysQuery, policyVersionQuery } from './admin-schemas';
import { FleetStatistics } from './fleet-statistics';
import { statisticsQuery } from './statistics-query';

/** Operators' routes: status, fleet-wide clear, statistics, key listing, policies. */
@ApiTags('admin')
@ApiKeyProtected()
@Controller('api/v2/cache')
export class AdminController {
  constructor(
    private readonly cache: TieredCache,
    private readonly instance: InstanceStatusService,
    private readonly fleet: FleetStatistics,
    private readonly policies: PolicyStore,
  ) {}

  @ApiOperation({
    summary: 'This instance and its tiers',
    description: 'Scope: `cache:read`. Tier health, breaker states, instance id, uptime.',
  })
  @ApiResponse({ status: 200, description: 'Status of this instance.' })
  @RequireScopes(Scopes.CacheRead)
  @Get('status')
  status(): InstanceStatus {
    return this.instance.status();
  }

  /** Removes from L2 and from every instance's L1. */
  @ApiOperation({
    summary: 'Clear fleet-wide',
    description: 'Scope: `cache:admin`. A namespace, or its keys matching a glob and/or carrying a tag.',
  })
  @ApiBody({ schema: jsonSchemaOf(clearBody) })
  @ApiResponse({
    status: 200,
    description: 'How many entries were removed.',
    schema: { type: 'object', required: ['removed'], properties: { removed: { type: 'integer' } } },
  })
  @ApiProblemResponse(400, 'Invalid body.')
  @RequireScopes(Scopes.CacheAdmin)
  @Post('clear')
  @HttpCode(200)
  async clear(@Body() rawBody: unknown): Promise<{ removed: number }> {
    const { namespace, pattern, tags } = parseInput(clearBody, rawBody ?? {}, 'body');
    let removed = 0;
    if (pattern) removed += await this.cache.deleteByPattern(namespace, pattern);
    if (tags) removed += await this.cache.deleteByTags(namespace, tags);
    if (!pattern && !tags) removed = await this.cache.clear(namespace);
    return { removed };
  }

  @ApiOperation({
    summary: 'Fleet statistics',
    description:
      'Scope: `cache:read`. Per tier: hits, misses, hit ratio, sets, evictions, p50/p99 latency; a time series.',
  })
  @ApiQueryFrom(statisticsQuery)
  @ApiResponse({ status: 200, description: 'Statistics and their time series.' })
  @ApiProblemResponse(400, 'Invalid query.')
  @RequireScopes(Scopes.CacheRead)
  @Get('statistics')
  statistics(@Query() query: unknown) {
    return this.fleet.fleet(parseInput(statisticsQuery, query, 'query'));
  }

  /** Glob over keys (`*`, `?`, `[...]`), SCAN-based on every master, a page at a time. */
  @ApiOperation({
    summary: 'List keys by glob',
    description: 'Scope: `cache:read`. SCAN-based on every master, a page at a time.',
  })
  @ApiParam({
    name: 'pattern',
    description: 'Glob: `*`, `?`, `[...]`.',
    schema: { type: 'string', minLength: 1 },
  })
  @ApiQueryFrom(keysQuery)
  @ApiResponse({
    status: 200,
    description: 'A page of keys and the cursor of the next one.',
    schema: {
      type: 'object',
      required: ['keys'],
      properties: { keys: { type: 'array', items: { type: 'string' } }, nextCursor: { type: 'string' } },
    },
  })
  @ApiProblemResponse(400, 'Invalid pattern or query.')
  @RequireScopes(Scopes.CacheRead)
  @Get('keys/:pattern')
  keys(@Param('pattern') pattern: string, @Query() query: unknown) {
    const { namespace, cursor, limit } = parseInput(keysQuery, query, 'query');
    return this.cache.scanKeys(namespace, pattern, cursor, limit);
  }

  /** Every stored policy (namespaces without one use the defaults). */
  @ApiOperation({ summary: 'Namespace policies', description: 'Scope: `cache:read`.' })
  @ApiResponse({ status: 200, description: 'Every stored policy.' })
  @RequireScopes(Scopes.CacheRead)
  @Get('policies')
  listPolicies() {
    return this.policies.list();
  }

  @ApiOperation({
    summary: 'Set a namespace policy',
    description: 'Scope: `cache:admin`. Applied by every instance within 1 s.',
  })
  @ApiQueryFrom(policyVersionQuery)
  @ApiBody({ schema: jsonSchemaOf(cachePolicySchema) })
  @ApiResponse({ status: 200, description: 'The stored policy.' })
  @ApiProblemResponse(400, 'Invalid policy.')
  @ApiProblemResponse(409, 'expectedVersion is not the stored version.')
  @RequireScopes(Scopes.CacheAdmin)
  @Post('policies')
  @HttpCode(200)
  setPolicy(@Body() rawBody: unknown, @Query() query: unknown, @Req() request: AuthenticatedRequest) {
    const { expectedVersion } = parseInput(policyVersionQuery, query, 'query');
    return this.policies.upsert(rawBody, request.principal?.name ?? 'unknown', expectedVersion);
  }
}
