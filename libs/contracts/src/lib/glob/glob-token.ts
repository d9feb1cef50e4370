/**
 * The parts a glob compiles to. Every kind but `star` matches exactly one stretch of text at a
 * given position, which is what lets {@link Glob.test} backtrack to the last `*` only.
 */
export type GlobToken =
  /** A run of literal characters, compared as they are. */
  | { kind: 'literal'; text: string }
  /** `?`: any one character. */
  | { kind: 'any' }
  /** `[...]`: one ASCII character of the set, or (negated) any one character outside it. */
  | { kind: 'class'; negated: boolean; members: AsciiSet }
  /** `*`: any run of characters, the empty run too. */
  | { kind: 'star' };

/** A set of ASCII characters as a 128-bit map: membership is one shift and one mask. */
export type AsciiSet = Uint32Array;

export function emptyAsciiSet(): AsciiSet {
  return new Uint32Array(4);
}

export function addToAsciiSet(set: AsciiSet, from: number, to: number): void {
  for (let code = from; code <= to; code++) set[code >> 5] |= 1 << (code & 31);
}

export function asciiSetHas(set: AsciiSet, code: number): boolean {
  return code < 128 && (set[code >> 5] & (1 << (code & 31))) !== 0;
}
