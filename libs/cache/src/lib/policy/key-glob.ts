import { compileGlob, type Glob, GlobSyntaxError, MAX_PATTERN_BYTES } from '@hotpath/contracts';
import { CacheError } from '../errors/cache.error';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Compiles a glob over the keys of a namespace (`*`, `?`, `[abc]`, `[a-z]`, `[^a]`, `\x` escapes)
 * with the meaning Redis's SCAN MATCH gives it, so that L1 and L2 select the same keys. Matching
 * takes time linear in the key for each segment between stars and never backtracks (see `Glob`):
 * a glob built to backtrack costs what any other does.
 * @throws CacheError `INVALID_PATTERN` (400) for an empty glob, one over {@link MAX_PATTERN_BYTES}
 *   bytes of UTF-8 or with a control character, a malformed one (an unclosed `[`, a reversed range such as `[z-a]`, a trailing
 *   `\`) or one with more than `MAX_GLOB_WILDCARDS` wildcards.
 */
export function compileKeyGlob(glob: string): Glob {
  if (glob.length === 0 || Buffer.byteLength(glob, 'utf8') > MAX_PATTERN_BYTES || CONTROL.test(glob)) {
    throw new CacheError(
      'INVALID_PATTERN',
      `a pattern must be 1-${MAX_PATTERN_BYTES} bytes of UTF-8 without control characters`,
    );
  }
  try {
    return compileGlob(glob);
  } catch (error) {
    if (!(error instanceof GlobSyntaxError)) throw error;
    throw new CacheError('INVALID_PATTERN', `the pattern is not a valid glob: ${error.message}`, {
      cause: error,
    });
  }
}
