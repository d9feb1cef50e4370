import { CacheError } from '../errors/cache.error';

/** Refuses an L1Store's bounds (`INVALID_OPTIONS`): `maxEntries` a positive integer, `maxBytes` positive. */
export function checkBounds(maxEntries: number, maxBytes: number): void {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new CacheError('INVALID_OPTIONS', `maxEntries must be a positive integer, got ${maxEntries}`);
  }
  if (!(maxBytes > 0)) {
    throw new CacheError('INVALID_OPTIONS', `maxBytes must be positive, got ${maxBytes}`);
  }
}

/**
 * Refuses an entry `L1Store.set` cannot keep: `INVALID_ENTRY` for a size that is not a finite
 * number ≥ 0 or a `staleUntil` (deadline) before `expiresAt`, `ENTRY_TOO_LARGE` above `maxBytes`.
 */
export function checkEntry(
  key: string,
  size: number,
  expiresAt: number,
  deadline: number,
  maxBytes: number,
): void {
  if (!Number.isFinite(size) || size < 0) {
    throw new CacheError('INVALID_ENTRY', `size of "${key}" must be a finite number ≥ 0, got ${size}`);
  }
  if (Number.isNaN(expiresAt) || Number.isNaN(deadline) || deadline < expiresAt) {
    throw new CacheError('INVALID_ENTRY', `staleUntil of "${key}" must be ≥ expiresAt`);
  }
  if (size > maxBytes) {
    throw new CacheError('ENTRY_TOO_LARGE', `"${key}" is ${size} bytes, more than maxBytes ${maxBytes}`);
  }
}
