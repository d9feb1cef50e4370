import { CacheError } from '../errors/cache.error';
import { NAMESPACE_PATTERN } from './cache-policy';

const MAX_KEY_BYTES = 512;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Keys: 1–512 bytes of UTF-8 without control characters. */
export function validateKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0)
    throw new CacheError('INVALID_KEY', 'a key must be a non-empty string');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw new CacheError('INVALID_KEY', `a key must be at most ${MAX_KEY_BYTES} bytes of UTF-8`);
  }
  if (CONTROL.test(key)) throw new CacheError('INVALID_KEY', 'a key must not contain control characters');
  return key;
}

export function validateNamespace(namespace: unknown): string {
  if (typeof namespace !== 'string' || !NAMESPACE_PATTERN.test(namespace)) {
    throw new CacheError('INVALID_NAMESPACE', 'a namespace must match [a-z0-9][a-z0-9._-]{0,63}');
  }
  return namespace;
}
