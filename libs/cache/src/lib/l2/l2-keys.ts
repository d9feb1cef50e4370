import { CacheError } from '../errors/cache.error';
import { crc16 } from './crc16';

const NAMESPACE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Half of a UTF-16 pair with no other half: it has no UTF-8 form and would not round-trip. */
const LONE_SURROGATE = /\p{Cs}/u;
const MAX_KEY_BYTES = 512;
const MAX_PATTERN_LENGTH = 1024;
/** Length of every slot tag: `k:` or `n:` plus four hex digits. */
const TAG_LENGTH = 6;

/**
 * The one place L2's Redis keys and SCAN patterns are built. Every key of a namespace reads
 *
 *   `<prefix>:<ns>:<kind>:{<tag>}:<rest>`     kind: `e` entry, `t` tag set, `l` lock
 *
 * Why an explicit, fixed-length `{tag}`: Redis Cluster hashes only the text between the FIRST `{`
 * and the first `}` after it. User keys may contain braces, so hashing a raw user key (or wrapping
 * it in braces) would let a key like `a}b{c` pick its own slot in ways we do not compute. The
 * prefix and namespace never contain braces, so the `{tag}` we put before the user key is always
 * the first hash tag, and whatever the key holds after it is inert.
 * - Entries, by default: tag `k:` + hex CRC16 of the user key, so keys spread over the cluster
 *   (65,536 tags over 16,384 slots).
 * - Entries with `hashTag: true`, tag sets, in every case: tag `n:` + hex CRC16 of the namespace,
 *   so the namespace's entries (when asked) and all of its tag sets share one slot, which any
 *   client reaches. A tag set's members may live in other slots: deletes group them by slot.
 * - Locks: the key's own `k:` tag.
 * The tag's fixed length lets a SCAN pattern skip it with `{??????}` exactly: a `*` there could run
 * across a `}:` inside a user key and match keys the user's glob does not.
 */
export class L2Keys {
  private readonly escapedPrefix: string;

  constructor(private readonly prefix: string) {
    if (prefix.length === 0 || /[{}]/.test(prefix) || CONTROL.test(prefix)) {
      throw new CacheError(
        'INVALID_OPTIONS',
        `keyPrefix must be non-empty without braces or control characters, got "${prefix}"`,
      );
    }
    this.escapedPrefix = escapeGlob(prefix);
  }

  /** The Redis key of entry `key`. @throws CacheError `INVALID_NAMESPACE`, `INVALID_KEY`. */
  entry(ns: string, key: string, hashTag = false): string {
    this.checkNamespace(ns);
    checkKey(key);
    return `${this.prefix}:${ns}:e:{${hashTag ? namespaceTag(ns) : keyTag(key)}}:${key}`;
  }

  /** The Redis SET of the entry keys written with `tag`; always in the namespace's slot. */
  tagSet(ns: string, tag: string): string {
    this.checkNamespace(ns);
    return `${this.prefix}:${ns}:t:{${namespaceTag(ns)}}:${tag}`;
  }

  lock(ns: string, key: string): string {
    this.checkNamespace(ns);
    checkKey(key);
    return `${this.prefix}:${ns}:l:{${keyTag(key)}}:${key}`;
  }

  /**
   * SCAN MATCH pattern of the entries of `ns` whose user key matches `glob` (`*`, `?`, `[...]`,
   * `\` escapes, as Redis reads them). Only the prefix and namespace are escaped: the glob is taken
   * as the user wrote it, and since it only follows a literal, anchored head it cannot match
   * another namespace, another prefix, tag sets or locks.
   * @throws CacheError `INVALID_PATTERN` when the glob is empty, too long or has an open `[`.
   */
  entryPattern(ns: string, glob: string): string {
    this.checkNamespace(ns);
    checkGlob(glob);
    return `${this.escapedPrefix}:${ns}:e:{${'?'.repeat(TAG_LENGTH)}}:${glob}`;
  }

  /** SCAN MATCH pattern of every key of `ns`: entries, tag sets and locks. */
  namespacePattern(ns: string): string {
    this.checkNamespace(ns);
    return `${this.escapedPrefix}:${ns}:*`;
  }

  /** The user key inside an entry's Redis key of namespace `ns` (`<prefix>:<ns>:e:{<tag>}:` cut off). */
  userKey(ns: string, redisKey: string): string {
    return redisKey.slice(this.prefix.length + ns.length + 7 + TAG_LENGTH);
  }

  private checkNamespace(ns: string): void {
    if (!NAMESPACE.test(ns)) {
      throw new CacheError('INVALID_NAMESPACE', `namespace must match ${NAMESPACE.source}, got "${ns}"`);
    }
  }
}

function keyTag(key: string): string {
  return `k:${hex4(crc16(key))}`;
}

function namespaceTag(ns: string): string {
  return `n:${hex4(crc16(ns))}`;
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

function checkKey(key: string): void {
  if (
    key.length === 0 ||
    LONE_SURROGATE.test(key) ||
    Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES ||
    CONTROL.test(key)
  ) {
    throw new CacheError(
      'INVALID_KEY',
      `a key must be 1-${MAX_KEY_BYTES} bytes of well-formed UTF-8 without control characters`,
    );
  }
}

function checkGlob(glob: string): void {
  if (glob.length === 0 || glob.length > MAX_PATTERN_LENGTH || CONTROL.test(glob)) {
    throw new CacheError(
      'INVALID_PATTERN',
      `a pattern must be 1-${MAX_PATTERN_LENGTH} characters without control characters`,
    );
  }
  let inClass = false;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '\\') {
      if (++i === glob.length)
        throw new CacheError('INVALID_PATTERN', `pattern "${glob}" ends with a lone "\\"`);
    } else if (char === '[' && !inClass) inClass = true;
    else if (char === ']' && inClass) inClass = false;
  }
  if (inClass) throw new CacheError('INVALID_PATTERN', `pattern "${glob}" has an unclosed "["`);
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
