import type { FastifyReply, FastifyRequest } from 'fastify';

/** `"<version>"`, the strong ETag of an entry. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** Whether `If-None-Match` names this ETag (a list, weak forms and `*` included). */
export function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (typeof header !== 'string') return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/** Cache headers of an entry: ETag, Cache-Control from the namespace policy, Vary. */
export function setCacheHeaders(reply: FastifyReply, etag: string, maxAgeSeconds: number): void {
  reply.header('ETag', etag);
  reply.header(
    'Cache-Control',
    maxAgeSeconds > 0 ? `private, max-age=${maxAgeSeconds}` : 'private, no-cache',
  );
  reply.header('Vary', 'Authorization, Accept-Encoding');
}
