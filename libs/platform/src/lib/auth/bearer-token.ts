/** The longest API key read, from a header or a transport: longer ones are refused unhashed. */
export const MAX_API_KEY_LENGTH = 512;

/** Extracts the key of an `Authorization: Bearer <key>` header, or undefined when absent/malformed. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'bearer') return undefined;
  const token = header.slice(space + 1).trim();
  return token.length > 0 && token.length <= MAX_API_KEY_LENGTH ? token : undefined;
}
