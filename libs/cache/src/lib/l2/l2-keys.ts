import { CacheError } from '../errors/cache.error';
import { compileKeyGlob } from '../policy/key-glob';
import { crc16 } from './crc16';

const NAMESPACE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_KEY_BYTES = 512;
/** Namespaces whose key heads are kept; past this (only a caller inventing namespaces) they are rebuilt. */
const MAX_CACHED_NAMESPACES = 1024;
const HEX2 = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
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
  /**
   * Per validated namespace, the entry key up to the user key's tag (`<prefix>:<ns>:e:{k:`) and the
   * whole head of its hash-tagged entries: every L2 read builds a key, and needs neither the
   * namespace's regex check nor these parts joined again.
   */
  private readonly entryHeads = new Map<string, { spread: string; tagged: string }>();

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
    const heads = this.entryHeads.get(ns) ?? this.addEntryHeads(ns);
    checkKey(key);
    return hashTag ? heads.tagged + key : heads.spread + hex4(crc16(key)) + '}:' + key;
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
   * `\` escapes), checked and spelled as L1 reads it (`compileKeyGlob`: `[!a]` goes out as `[^a]`).
   * Only the prefix and namespace are escaped: the glob follows a literal, anchored head, so it
   * cannot match another namespace, another prefix, tag sets or locks.
   * @throws CacheError `INVALID_PATTERN` (400) for a glob L1 refuses: empty, over 512 bytes, malformed.
   */
  entryPattern(ns: string, glob: string): string {
    this.checkNamespace(ns);
    return `${this.escapedPrefix}:${ns}:e:{${'?'.repeat(TAG_LENGTH)}}:${compileKeyGlob(glob).redisPattern}`;
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

  private addEntryHeads(ns: string): { spread: string; tagged: string } {
    this.checkNamespace(ns);
    if (this.entryHeads.size >= MAX_CACHED_NAMESPACES) this.entryHeads.clear();
    const heads = {
      spread: `${this.prefix}:${ns}:e:{k:`,
      tagged: `${this.prefix}:${ns}:e:{${namespaceTag(ns)}}:`,
    };
    this.entryHeads.set(ns, heads);
    return heads;
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
  return HEX2[value >> 8] + HEX2[value & 0xff];
}

function checkKey(key: string): void {
  const bytes = utf8Length(key);
  if (bytes < 1 || bytes > MAX_KEY_BYTES) {
    throw new CacheError(
      'INVALID_KEY',
      `a key must be 1-${MAX_KEY_BYTES} bytes of well-formed UTF-8 without control characters`,
    );
  }
}

/**
 * The UTF-8 length of `key` in one pass over its code units, or -1 when it holds a control
 * character (U+0000–U+001F, U+007F) or half of a surrogate pair, which has no UTF-8 form and
 * would not round-trip.
 */
function utf8Length(key: string): number {
  let bytes = 0;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 0x80) {
      if (code < 0x20 || code === 0x7f) return -1;
      bytes += 1;
    } else if (code < 0x800) bytes += 2;
    else if ((code & 0xf800) !== 0xd800) bytes += 3;
    else if (code < 0xdc00 && (key.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else return -1;
  }
  return bytes;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
