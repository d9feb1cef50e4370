/** {@link rawHeader}'s answer for a header sent more than once. */
export const REPEATED = Symbol('repeated header');

/**
 * The value of header `name` (lower case) from a request's `rawHeaders`, without building
 * `request.headers` (Node makes that object on first access, lower-casing every name: a
 * noticeable part of what the raw lane saves). Undefined when absent; {@link REPEATED} when sent
 * more than once, which Node would join or drop by header, so the caller leaves such a request to
 * the code that reads `request.headers`.
 */
export function rawHeader(rawHeaders: readonly string[], name: string): string | typeof REPEATED | undefined {
  let found: string | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const candidate = rawHeaders[i];
    // Lower case is what HTTP/2 gateways and most clients send: lower-case only what is not. Names
    // of the same length (authorization, if-none-match) are common, and a `toLowerCase` per name
    // showed up in the hit path as a generic method load.
    if (candidate.length !== name.length) continue;
    if (candidate !== name && candidate.toLowerCase() !== name) continue;
    if (found !== undefined) return REPEATED;
    found = rawHeaders[i + 1];
  }
  return found;
}
