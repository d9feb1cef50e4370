import { asciiSetHas, type GlobToken } from './glob-token';

type Segment = readonly GlobToken[];

/**
 * A compiled glob (see {@link compileGlob}), matched without backtracking.
 *
 * The stars cut the glob into segments whose tokens each match exactly one stretch of text at a
 * given position. The segment before the first star must match at the start of the text, the one
 * after the last star at its end (checked once, backwards), and each segment in between is placed
 * at its leftmost match after the previous one: the leftmost match also ends first, and leaves the
 * most room for the rest, so no other placement needs trying. Nothing is ever tried again: the
 * cost is at most the text's length times the pattern's, whatever the number of stars. (A regular
 * expression built from the glob backtracks into every earlier star instead: `a*a*a*a*a*a*a*b`
 * against a long run of `a`s takes time that grows as its length to the power of the stars.)
 *
 * Characters are code points: `?` and a class take a whole surrogate pair.
 */
export class Glob {
  /** The one text the glob matches when it has no wildcard (escapes resolved), else undefined. */
  readonly literal: string | undefined;
  private readonly head: Segment;
  private readonly middle: readonly Segment[];
  /** Undefined when the glob has no star: the head must then match the whole text. */
  private readonly tail: Segment | undefined;

  constructor(
    /** The glob as written. */
    readonly source: string,
    /**
     * The same glob as Redis's SCAN MATCH reads it, with the same meaning: `[!a]` becomes `[^a]`
     * (Redis reads `!` as a member); everything else is as written.
     */
    readonly redisPattern: string,
    tokens: readonly GlobToken[],
  ) {
    const segments: GlobToken[][] = [[]];
    for (const token of tokens) {
      if (token.kind === 'star') segments.push([]);
      else segments[segments.length - 1].push(token);
    }
    this.head = segments[0];
    this.tail = segments.length > 1 ? segments[segments.length - 1] : undefined;
    this.middle = segments.slice(1, -1).filter((segment) => segment.length > 0);
    if (tokens.length === 0) this.literal = '';
    else if (tokens.length === 1 && tokens[0].kind === 'literal') this.literal = tokens[0].text;
  }

  test(text: string): boolean {
    if (this.literal !== undefined) return text === this.literal;
    let from = matchForward(this.head, text, 0);
    if (from < 0) return false;
    if (this.tail === undefined) return from === text.length;
    const tailStart = matchBackward(this.tail, text, text.length);
    if (tailStart < from) return false;
    for (const segment of this.middle) {
      from = leftmostEnd(segment, text, from, tailStart);
      if (from < 0) return false;
    }
    return true;
  }
}

/** Where `segment` ends when it matches at `i`, or -1. */
function matchForward(segment: Segment, text: string, i: number): number {
  for (const token of segment) {
    switch (token.kind) {
      case 'literal':
        if (!text.startsWith(token.text, i)) return -1;
        i += token.text.length;
        break;
      case 'any':
        if (i >= text.length) return -1;
        i += widthAfter(text, i);
        break;
      case 'class':
        if (i >= text.length || asciiSetHas(token.members, text.charCodeAt(i)) === token.negated) return -1;
        i += widthAfter(text, i);
        break;
    }
  }
  return i;
}

/** Where `segment` starts when it matches ending at `end`, or -1. */
function matchBackward(segment: Segment, text: string, end: number): number {
  for (let t = segment.length - 1; t >= 0; t--) {
    const token = segment[t];
    switch (token.kind) {
      case 'literal':
        if (!text.endsWith(token.text, end)) return -1;
        end -= token.text.length;
        break;
      case 'any':
        if (end <= 0) return -1;
        end -= widthBefore(text, end);
        break;
      case 'class': {
        if (end <= 0) return -1;
        const width = widthBefore(text, end);
        if (asciiSetHas(token.members, text.charCodeAt(end - width)) === token.negated) return -1;
        end -= width;
        break;
      }
    }
  }
  return end;
}

/** The end of the leftmost match of `segment` starting at or after `from` and ending by `limit`, or -1. */
function leftmostEnd(segment: Segment, text: string, from: number, limit: number): number {
  const [first] = segment;
  if (segment.length === 1 && first.kind === 'literal') {
    const at = text.indexOf(first.text, from);
    return at >= 0 && at + first.text.length <= limit ? at + first.text.length : -1;
  }
  for (let i = from; i < limit; i += widthAfter(text, i)) {
    const end = matchForward(segment, text, i);
    if (end >= 0 && end <= limit) return end;
  }
  return -1;
}

/** The code units of the character starting at `i`: 2 for a surrogate pair, else 1. */
function widthAfter(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code >= 0xd800 && code < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
}

/** The code units of the character ending at `end`: 2 for a surrogate pair, else 1. */
function widthBefore(text: string, end: number): number {
  const code = text.charCodeAt(end - 1);
  return code >= 0xdc00 && code < 0xe000 && end >= 2 && (text.charCodeAt(end - 2) & 0xfc00) === 0xd800
    ? 2
    : 1;
}
