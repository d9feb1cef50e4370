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

/** `Cache-Control` of an entry whose namespace lets clients keep it `maxAgeSeconds`. */
export function cacheControlOf(maxAgeSeconds: number): string {
  return maxAgeSeconds > 0 ? `private, max-age=${maxAgeSeconds}` : 'private, no-cache';
}

/** Cache headers of an entry: ETag, Cache-Control from the namespace policy, Vary. */
export function setCacheHeaders(reply: FastifyReply, etag: string, maxAgeSeconds: number): void {
  reply.header('ETag', etag);
  reply.header('Cache-Control', cacheControlOf(maxAgeSeconds));
  reply.header('Vary', VARY);
}
