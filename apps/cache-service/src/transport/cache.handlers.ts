import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  batchGetSchema,
  CachePatterns,
  type CacheEntryResponse,
  DEFAULT_NAMESPACE,
  invalidateSchema,
  keyInNamespaceSchema,
  Scopes,
  setEntrySchema,
  warmSchema,
} from '@hotpath/contracts';
import { TieredCache } from '@hotpath/cache';
import { parseInput, principalOf, RequireScopes } from '@hotpath/platform';
import type { HotpathTransportContext } from '@hotpath/transport';
import { CacheEntriesService } from '../service/cache-entries.service';
import { CacheInvalidationService } from '../service/cache-invalidation.service';
import { CacheWarmService } from '../service/cache-warm.service';
import { InstanceStatusService } from '../status/instance-status.service';

/**
 * The cache over the Hotpath transport (libs/transport): thin adapters over the services HTTP uses.
 * The global API-key guard has checked the caller's key, the pattern's scope and the rate limit
 * before a handler runs; the services check the namespace grant. A bad payload gets
 * `{ status: 'error', code, message, errors }` (the RPC error filter), never a crash.
 */
@Controller()
export class CacheHandlers {
  constructor(
    private readonly entries: CacheEntriesService,
    private readonly invalidation: CacheInvalidationService,
    private readonly warming: CacheWarmService,
    private readonly cache: TieredCache,
    private readonly instance: InstanceStatusService,
  ) {}

  @RequireScopes(Scopes.CacheRead)
  @MessagePattern(CachePatterns.Get)
  get(
    @Payload() payload: unknown,
    @Ctx() context: HotpathTransportContext,
  ): Promise<CacheEntryResponse | null> {
    const { namespace, key } = parseInput(keyInNamespaceSchema, payload ?? {});
    return this.entries.get(principalOf(context), namespace, key);
  }

  @RequireScopes(Scopes.CacheWrite)
  @MessagePattern(CachePatterns.Set)
  set(@Payload() payload: unknown, @Ctx() context: HotpathTransportContext): Promise<{ version: number }> {
    const entry = parseInput(setEntrySchema, payload ?? {});
    return this.entries.set(principalOf(context), entry, context.getCorrelationId());
  }

  @RequireScopes(Scopes.CacheWrite)
  @MessagePattern(CachePatterns.Delete)
  delete(
    @Payload() payload: unknown,
    @Ctx() context: HotpathTransportContext,
  ): Promise<{ deleted: boolean }> {
    const { namespace, key } = parseInput(keyInNamespaceSchema, payload ?? {});
    return this.entries.delete(principalOf(context), namespace, key, context.getCorrelationId());
  }

  @RequireScopes(Scopes.CacheRead)
  @MessagePattern(CachePatterns.BatchGet)
  batchGet(@Payload() payload: unknown, @Ctx() context: HotpathTransportContext) {
    const { namespace, keys } = parseInput(batchGetSchema, payload ?? {});
    return this.entries.batchGet(principalOf(context), namespace, keys);
  }

  /** Keys, a glob and/or tags of a namespace (all of it when only the namespace is given). */
  @RequireScopes(Scopes.CacheWrite)
  @MessagePattern(CachePatterns.Invalidate)
  invalidate(
    @Payload() payload: unknown,
    @Ctx() context: HotpathTransportContext,
  ): Promise<{ removed: number }> {
    const { namespace = DEFAULT_NAMESPACE, ...rest } = parseInput(invalidateSchema, payload ?? {});
    return this.invalidation.invalidate(
      principalOf(context),
      { namespace, ...rest },
      context.getCorrelationId(),
    );
  }

  /** The answering instance's status and statistics; a key with a namespace grant sees its namespaces only. */
  @RequireScopes(Scopes.CacheRead)
  @MessagePattern(CachePatterns.Stats)
  stats(@Ctx() context: HotpathTransportContext) {
    const principal = principalOf(context);
    const statistics = this.cache.statistics.snapshot();
    if (principal.namespaces === undefined) return { ...this.instance.status(), statistics };
    const namespaces = Object.fromEntries(
      Object.entries(statistics.namespaces).filter(([namespace]) => principal.namespaces?.allows(namespace)),
    );
    return { ...this.instance.status(), statistics: { namespaces } };
  }

  @RequireScopes(Scopes.CacheWrite)
  @MessagePattern(CachePatterns.Warm)
  warm(
    @Payload() payload: unknown,
    @Ctx() context: HotpathTransportContext,
  ): Promise<{ jobId: string; keys: number }> {
    const request = parseInput(warmSchema, payload ?? {});
    return this.warming.warm(principalOf(context), request, context.getRequestId());
  }
}
