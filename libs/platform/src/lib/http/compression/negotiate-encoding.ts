import type { ContentCoding } from './content-coding';

const DEFAULT_CODINGS: readonly ContentCoding[] = ['br', 'gzip'];
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * Picks the content coding for a response from the request's `Accept-Encoding` (RFC 9110
 * §12.5.3), or `undefined` for identity (no compression).
 *
 * - Codings are matched case-insensitively; `x-gzip` counts as `gzip`; whitespace is ignored.
 * - The highest q-value wins; on a tie the earlier entry of `supported` wins (br before gzip).
 * - `*` gives its q-value to every supported coding the header does not name.
 * - `q=0` means "not acceptable"; an entry with a malformed q-value is ignored.
 * - An explicit `identity` with a higher q-value than every coding keeps the body as it is.
 * - A missing or empty header means identity: that is what every client that wants compression
 *   does not send, and what proxies that cannot decode expect.
 */
export function negotiateEncoding(
  header: string | string[] | undefined,
  supported: readonly ContentCoding[] = DEFAULT_CODINGS,
): ContentCoding | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value?.trim()) return undefined;

  const weights = parseAcceptEncoding(value);
  const wildcard = weights.get('*');
  let best: ContentCoding | undefined;
  let bestQ = 0;
  for (const coding of supported) {
    const q = weights.get(coding) ?? wildcard ?? 0;
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  const identity = weights.get('identity');
  if (identity !== undefined && identity > bestQ) return undefined;
  return best;
}

/** Coding (lower case, `x-gzip` → `gzip`) → q-value; a coding listed twice keeps its highest q. */
function parseAcceptEncoding(value: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const entry of value.split(',')) {
    const [rawCoding, ...params] = entry.split(';');
    let coding = rawCoding.trim().toLowerCase();
    if (!coding) continue;
    if (coding === 'x-gzip') coding = 'gzip';
    const q = qOf(params);
    if (q === undefined) continue;
    weights.set(coding, Math.max(q, weights.get(coding) ?? 0));
  }
  return weights;
}

function qOf(params: string[]): number | undefined {
  for (const param of params) {
    const [name, raw = ''] = param.split('=', 2).map((part) => part.trim());
    if (name.toLowerCase() !== 'q') continue;
    return QVALUE.test(raw) ? Number(raw) : undefined;
  }
  return 1;
}
