/**
 * Whether two strings are equal, looking at every character whatever differs: the time depends on
 * the length only (for digests, the same for every key; for a header, what the sender chose).
 */
export function equalInConstantTime(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
