/** The content codings Hotpath compresses responses with (RFC 9110 §8.4.1). */
export type ContentCoding = 'br' | 'gzip';
