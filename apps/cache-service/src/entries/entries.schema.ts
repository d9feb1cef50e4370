import type { SchemaObject } from '@nestjs/swagger';

// OpenAPI schemas of what the entries routes answer (their requests are documented from zod).

/** A `CacheEntryResponse` (GET /entries/:key, the hits of batch-get). */
export const entryResponseSchema: SchemaObject = {
  type: 'object',
  required: ['key', 'namespace', 'value', 'version', 'tier', 'ttlRemainingMs', 'stale'],
  properties: {
    key: { type: 'string' },
    namespace: { type: 'string' },
    value: { description: 'The stored JSON value.' },
    version: { type: 'integer', description: 'Also the ETag.' },
    tier: { type: 'string', enum: ['l1', 'l2', 'loader'] },
    ttlRemainingMs: { type: 'integer' },
    stale: { type: 'boolean', description: 'Served within the grace period while it is refreshed.' },
  },
};

/** `PUT /entries/:key` answers the entry's new version. */
export const versionSchema: SchemaObject = {
  type: 'object',
  required: ['version'],
  properties: { version: { type: 'integer' } },
};

/** `POST /entries/batch-get`: duplicate keys are folded. */
export const batchGetResponseSchema: SchemaObject = {
  type: 'object',
  required: ['hits', 'misses'],
  properties: {
    hits: { type: 'object', additionalProperties: entryResponseSchema },
    misses: { type: 'array', items: { type: 'string' } },
  },
};
