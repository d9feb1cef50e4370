const COMPRESSIBLE = new Set([
  'application/json',
  'application/javascript',
  'application/xml',
  'application/x-www-form-urlencoded',
  'image/svg+xml',
]);

/**
 * True for Content-Types whose bodies shrink under br/gzip: text, JSON and XML (with any `+json` /
 * `+xml` suffix, so `application/problem+json` too), JavaScript and SVG. Already compressed media
 * (images, video, archives) are not worth the CPU. `text/event-stream` is excluded: compressing
 * it would buffer events a client expects to see one by one.
 */
export function isCompressible(contentType: string): boolean {
  const mediaType = contentType.split(';', 1)[0].trim().toLowerCase();
  if (mediaType === 'text/event-stream') return false;
  if (mediaType.startsWith('text/')) return true;
  return COMPRESSIBLE.has(mediaType) || mediaType.endsWith('+json') || mediaType.endsWith('+xml');
}
