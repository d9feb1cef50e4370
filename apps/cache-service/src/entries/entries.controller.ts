import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  batchGetSchema,
  cacheKeySchema,
  DEFAULT_NAMESPACE,
  namespaceSchema,
  Scopes,
} from '@hotpath/contracts';
import {
  type ApiPrincipal,
  ApiKeyProtected,
  CurrentPrincipal,
  ApiProblemResponse,
  ApiQueryFrom,
  jsonSchemaOf,
  parseInput,
  RequireScopes,
} from '@hotpath/platform';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { EntryReadRoute, namespaceQuery } from './entry-read.route';
import { ENTRIES_BASE, ENTRY_READ } from './entry-routes';
import { batchGetResponseSchema, entryResponseSchema, versionSchema } from './entries.schema';
import { CacheEntriesService } from '../service/cache-entries.service';

const putBody = z
  .object({
    value: z.json({ error: 'must be JSON' }),
    namespace: namespaceSchema.default(DEFAULT_NAMESPACE),
    ttlSeconds: z
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 3600)
      .optional(),
    tags: z.array(z.string().min(1).max(128)).max(32).optional(),
  })
  .strict()
  .refine((body) => body.value !== undefined, { message: 'is required', path: ['value'] });

/** The data plane: single entries and batch reads. */
@ApiTags('entries')
@ApiKeyProtected()
@Controller(ENTRIES_BASE)
export class EntriesController {
  constructor(
    private readonly entries: CacheEntriesService,
    private readonly reader: EntryReadRoute,
  ) {}

  @ApiOperation({
    summary: 'Read an entry',
    description: 'Scope: `cache:read`. `ETag` is the version; `If-None-Match` answers 304.',
  })
  @ApiParam({
    name: 'key',
    description: '1–512 bytes of UTF-8, no control characters.',
    schema: jsonSchemaOf(cacheKeySchema),
  })
  @ApiQueryFrom(namespaceQuery)
  @ApiResponse({ status: 200, description: 'The entry.', schema: entryResponseSchema })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched the ETag).' })
  @ApiProblemResponse(400, 'Invalid key or namespace.')
  @ApiProblemResponse(404, 'No such entry.')
  @RequireScopes(...ENTRY_READ.scopes)
  @Get(ENTRY_READ.path)
  async get(
    @Req() request: FastifyRequest<{ Params: { key: string } }>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Served natively in the running service (EntryReadRoute.native()); this declares it.
    await this.reader.serve(request, reply, false);
  }

  @ApiOperation({ summary: 'Write an entry', description: 'Scope: `cache:write`.' })
  @ApiParam({
    name: 'key',
    description: '1–512 bytes of UTF-8, no control characters.',
    schema: jsonSchemaOf(cacheKeySchema),
  })
  @ApiBody({ schema: jsonSchemaOf(putBody) })
  @ApiResponse({ status: 200, description: 'Its new version.', schema: versionSchema })
  @ApiProblemResponse(400, 'Invalid key or body.')
  @ApiProblemResponse(413, 'The value is over 1 MiB of JSON.')
  @RequireScopes(Scopes.CacheWrite)
  @Put(':key')
  put(
    @Param('key') rawKey: string,
    @Body() rawBody: unknown,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: ApiPrincipal,
  ) {
    const key = parseInput(cacheKeySchema, rawKey, 'params.key');
    const body = parseInput(putBody, rawBody ?? {}, 'body');
    return this.entries.set(principal, { ...body, key }, String(request.id));
  }

  @ApiOperation({
    summary: 'Delete an entry',
    description: "Scope: `cache:write`. From L2 and every instance's L1.",
  })
  @ApiParam({
    name: 'key',
    description: '1–512 bytes of UTF-8, no control characters.',
    schema: jsonSchemaOf(cacheKeySchema),
  })
  @ApiQueryFrom(namespaceQuery)
  @ApiResponse({ status: 204, description: 'Deleted (or there was nothing to delete).' })
  @ApiProblemResponse(400, 'Invalid key or namespace.')
  @RequireScopes(Scopes.CacheWrite)
  @Delete(':key')
  @HttpCode(204)
  async remove(
    @Param('key') rawKey: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: ApiPrincipal,
  ): Promise<void> {
    const key = parseInput(cacheKeySchema, rawKey, 'params.key');
    const { namespace } = parseInput(namespaceQuery, query, 'query');
    await this.entries.delete(principal, namespace, key, String(request.id));
  }

  /** Duplicate keys are folded; L2 misses of L1 are read in one round trip per cluster slot. */
  @ApiOperation({ summary: 'Read up to 1000 entries', description: 'Scope: `cache:read`.' })
  @ApiBody({ schema: jsonSchemaOf(batchGetSchema) })
  @ApiResponse({
    status: 200,
    description: 'Hits by key and the missed keys.',
    schema: batchGetResponseSchema,
  })
  @ApiProblemResponse(400, 'Invalid body.')
  @RequireScopes(Scopes.CacheRead)
  @Post('batch-get')
  @HttpCode(200)
  batchGet(@Body() rawBody: unknown, @CurrentPrincipal() principal: ApiPrincipal) {
    const { namespace, keys } = parseInput(batchGetSchema, rawBody ?? {}, 'body');
    return this.entries.batchGet(principal, namespace, keys);
  }
}
