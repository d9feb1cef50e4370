import type { FastifyReply, FastifyRequest } from 'fastify';

/** Every entry response varies by who asks and by the encodings they accept. */
export const VARY = 'Authorization, Accept-Encoding';

/** `"<version>"`, the strong ETag of an entry. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** Whether the request's `If-None-Match` names this ETag. */
export function notModified(request: FastifyRequest, etag: string): boolean {
  return isNotModified(request.headers['if-none-match'], etag);
}

/** Whether an `If-None-Match` value names this ETag (a list, weak forms and `*` included). */
export function isNotModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (typeof ifNoneMatch !== 'string') return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

const cacheControls = new Map<number, string>();

/** `Cache-Control` of an entry whose namespace lets clients keep it `maxAgeSeconds` (made once per value). */
export function cacheControlOf(maxAgeSeconds: number): string {
  let value = cacheControls.get(maxAgeSeconds);
  if (value === undefined) {
    value = maxAgeSeconds > 0 ? `private, max-age=${maxAgeSeconds}` : 'private, no-cache';
    // Policies hold a handful of distinct values; the bound only guards against a misuse.
    if (cacheControls.size < 1024) cacheControls.set(maxAgeSeconds, value);
  }
  return value;
}

/** Cache headers of an entry: ETag, Cache-Control from the namespace policy, Vary. */
export function setCacheHeaders(reply: FastifyReply, etag: string, maxAgeSeconds: number): void {
  reply.header('ETag', etag);
  reply.header('Cache-Control', cacheControlOf(maxAgeSeconds));
  reply.header('Vary', VARY);
}
