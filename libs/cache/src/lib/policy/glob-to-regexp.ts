import { CacheError } from '../errors/cache.error';

const MAX_PATTERN_LENGTH = 512;

/**
 * Turns a Redis-style glob (`*`, `?`, `[abc]`, `[a-z]`, `[^a]`, `\x` escapes) into an anchored
 * RegExp with the same meaning, so that L1 and L2 (Redis SCAN MATCH) select the same keys.
 * @throws CacheError `INVALID_PATTERN` for an empty, too long or unbalanced pattern.
 */
export function globToRegExp(glob: string): RegExp {
  if (glob.length === 0 || glob.length > MAX_PATTERN_LENGTH) {
    throw new CacheError('INVALID_PATTERN', `a pattern must be 1-${MAX_PATTERN_LENGTH} characters`);
  }
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '\\') {
      if (i + 1 >= glob.length)
        throw new CacheError('INVALID_PATTERN', 'a pattern must not end with a backslash');
      source += escape(glob[++i]);
    } else if (char === '*') {
      source += '[\\s\\S]*';
    } else if (char === '?') {
      source += '[\\s\\S]';
    } else if (char === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) throw new CacheError('INVALID_PATTERN', `unclosed '[' at position ${i + 1}`);
      let body = glob.slice(i + 1, end);
      const negated = body.startsWith('^');
      if (negated) body = body.slice(1);
      source += `[${negated ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = end;
    } else {
      source += escape(char);
    }
  }
  return new RegExp(`^${source}$`, 'u');
}

function escape(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
