import { Glob } from './glob';
import { GlobSyntaxError } from './glob-syntax.error';
import { addToAsciiSet, emptyAsciiSet, type GlobToken } from './glob-token';

/**
 * At most this many wildcards (`*`, `?`, `[...]`) in one glob. Our matcher does not need the cap,
 * but Redis's SCAN MATCH, which reads the same glob, backtracks into every star.
 */
export const MAX_GLOB_WILDCARDS = 32;

const STAR: GlobToken = { kind: 'star' };
const ANY: GlobToken = { kind: 'any' };

/**
 * Compiles a Redis-style glob: `*` (any run), `?` (any one character), `[abc]`, `[a-z]`, `[^a]` or
 * `[!a]` (one character of, or not of, a set), and `\x` for a literal `x` anywhere.
 *
 * Only what Redis reads the same way is accepted, so that a glob selects the same keys in memory
 * as in SCAN MATCH: a class holds ASCII characters only (Redis compares bytes), a range runs
 * upwards and ends on a plain character (`[z-a]`, `[a-]`, `[a-\z]` are refused: Redis would
 * reorder the first and misread the others), and a class is never empty (write `\]` for `]`).
 *
 * @throws GlobSyntaxError for a malformed glob or more than {@link MAX_GLOB_WILDCARDS} wildcards.
 */
export function compileGlob(pattern: string): Glob {
  const tokens: GlobToken[] = [];
  let literal = '';
  let redisPattern = '';
  let wildcards = 0;
  const push = (token: GlobToken): void => {
    if (literal !== '') tokens.push({ kind: 'literal', text: literal });
    literal = '';
    if (token === STAR && tokens.at(-1) === STAR) return; // `**` is `*`
    if (++wildcards > MAX_GLOB_WILDCARDS) {
      throw new GlobSyntaxError(`has more than ${MAX_GLOB_WILDCARDS} wildcards (*, ?, [...])`);
    }
    tokens.push(token);
  };

  for (let i = 0; i < pattern.length;) {
    const char = pattern[i];
    if (char === '\\') {
      const escaped = codePointAt(pattern, i + 1);
      if (escaped === '') {
        throw new GlobSyntaxError(`ends with a lone '\\' (position ${i + 1}); write '\\\\' for a backslash`);
      }
      literal += escaped;
      redisPattern += char + escaped;
      i += 1 + escaped.length;
    } else if (char === '*' || char === '?') {
      push(char === '*' ? STAR : ANY);
      redisPattern += char;
      i++;
    } else if (char === '[') {
      const parsed = parseClass(pattern, i);
      push(parsed.token);
      redisPattern += parsed.redisPattern;
      i = parsed.end;
    } else {
      literal += char;
      redisPattern += char;
      i++;
    }
  }
  if (literal !== '') tokens.push({ kind: 'literal', text: literal });
  return new Glob(pattern, redisPattern, tokens);
}

/** Parses the class opening at `start` (a `[`); `end` is the index just past its `]`. */
function parseClass(pattern: string, start: number): { token: GlobToken; redisPattern: string; end: number } {
  const where = `the class at position ${start + 1}`;
  const members = emptyAsciiSet();
  let i = start + 1;
  const negated = pattern[i] === '^' || pattern[i] === '!';
  if (negated) i++;
  const bodyStart = i;
  for (;;) {
    if (i >= pattern.length) throw new GlobSyntaxError(`${where} has no closing ']'`);
    const char = pattern[i];
    if (char === ']') {
      if (i === bodyStart) {
        throw new GlobSyntaxError(`${where} is empty; write '\\]' for a literal ']'`);
      }
      break;
    }
    if (char === '\\') {
      // An escaped character is a member of its own, never the start of a range (as in Redis).
      if (i + 1 >= pattern.length) throw new GlobSyntaxError(`${where} has no closing ']'`);
      addToAsciiSet(members, asciiCode(pattern, i + 1, where), asciiCode(pattern, i + 1, where));
      i += 2;
      continue;
    }
    const from = asciiCode(pattern, i, where);
    if (pattern[i + 1] === '-' && i + 2 < pattern.length) {
      const end = pattern[i + 2];
      if (end === ']' || end === '\\') {
        throw new GlobSyntaxError(
          `${where} has a range '${char}-' without an end; write '\\-' for a literal '-'`,
        );
      }
      const to = asciiCode(pattern, i + 2, where);
      if (to < from) throw new GlobSyntaxError(`${where} has the reversed range '${char}-${end}'`);
      addToAsciiSet(members, from, to);
      i += 3;
    } else {
      addToAsciiSet(members, from, from);
      i++;
    }
  }
  const body = pattern.slice(bodyStart, i);
  return {
    token: { kind: 'class', negated, members },
    redisPattern: `[${negated ? '^' : ''}${body}]`,
    end: i + 1,
  };
}

/** The code point at `i` as a string (one or two code units), or '' past the end. */
function codePointAt(text: string, i: number): string {
  const code = text.codePointAt(i);
  return code === undefined ? '' : String.fromCodePoint(code);
}

function asciiCode(pattern: string, i: number, where: string): number {
  const code = pattern.charCodeAt(i);
  if (code >= 128) {
    throw new GlobSyntaxError(`${where} holds a non-ASCII character; classes take ASCII characters only`);
  }
  return code;
}
