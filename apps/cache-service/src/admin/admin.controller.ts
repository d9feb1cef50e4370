import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { isNamespace, keyPatternSchema, Scopes } from '@hotpath/contracts';
import { cachePolicySchema, TieredCache } from '@hotpath/cache';
import {
  type ApiPrincipal,
  ApiKeyProtected,
  AppError,
  assertNamespaceAllowed,
  CurrentPrincipal,
  ApiProblemResponse,
  ApiQueryFrom,
  jsonSchemaOf,
  parseInput,
  RequireScopes,
} from '@hotpath/platform';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PolicyStore } from '../policies/policy-store';
import { CacheInvalidationService } from '../service/cache-invalidation.service';
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
    private readonly invalidation: CacheInvalidationService,
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
  clear(@Body() rawBody: unknown, @CurrentPrincipal() principal: ApiPrincipal): Promise<{ removed: number }> {
    return this.invalidation.invalidate(principal, parseInput(clearBody, rawBody ?? {}, 'body'));
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
  statistics(@Query() query: unknown, @CurrentPrincipal() principal: ApiPrincipal) {
    const parsed = parseInput(statisticsQuery, query, 'query');
    // Fleet totals span every namespace: a key limited to some must name one of them.
    if (parsed.namespace === undefined && principal.namespaces !== undefined) {
      throw new AppError(
        'Forbidden',
        'NAMESPACE_REQUIRED',
        'This API key is granted some namespaces only: name one with ?namespace=.',
      );
    }
    if (parsed.namespace !== undefined) assertNamespaceAllowed(principal, parsed.namespace);
    return this.fleet.fleet(parsed);
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
  keys(
    @Param('pattern') pattern: string,
    @Query() query: unknown,
    @CurrentPrincipal() principal: ApiPrincipal,
  ) {
    const { namespace, cursor, limit } = parseInput(keysQuery, query, 'query');
    assertNamespaceAllowed(principal, namespace);
    return this.cache.scanKeys(
      namespace,
      parseInput(keyPatternSchema, pattern, 'params.pattern'),
      cursor,
      limit,
    );
  }

  /** Every stored policy (namespaces without one use the defaults). */
  @ApiOperation({ summary: 'Namespace policies', description: 'Scope: `cache:read`.' })
  @ApiResponse({ status: 200, description: 'Every stored policy.' })
  @RequireScopes(Scopes.CacheRead)
  @Get('policies')
  listPolicies(@CurrentPrincipal() principal: ApiPrincipal) {
    const policies = this.policies.list();
    const grant = principal.namespaces;
    return grant === undefined
      ? policies
      : policies.filter((stored) => grant.allows(stored.policy.namespace));
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
  setPolicy(@Body() rawBody: unknown, @Query() query: unknown, @CurrentPrincipal() principal: ApiPrincipal) {
    const { expectedVersion } = parseInput(policyVersionQuery, query, 'query');
    // A body without a valid namespace is refused by the store's own validation (400).
    const namespace = (rawBody as { namespace?: unknown } | null)?.namespace;
    if (isNamespace(namespace)) assertNamespaceAllowed(principal, namespace);
    return this.policies.upsert(rawBody, principal.name, expectedVersion);
  }
}
