import { L1Store } from '../store/l1-store';
import type { ReplayOptions } from './replay-options';
import type { ReplayResult } from './replay-result';

/**
 * Replays a key trace through an {@link L1Store} as a cache-aside client would: `get`, and on a
 * miss `set` the key (every entry 1 byte, no expiry). Returns the hit ratio.
 */
export function replayTrace(keys: Iterable<string>, options: ReplayOptions): ReplayResult {
  const store = new L1Store<true>({
    maxEntries: options.capacity,
    maxBytes: Number.POSITIVE_INFINITY,
    policy: options.policy ?? 'tinylfu',
    random: options.random,
    adaptiveWindow: options.adaptiveWindow,
  });
  let requests = 0;
  let hits = 0;
  for (const key of keys) {
    requests++;
    if (store.get(key)) hits++;
    else store.set(key, true, { size: 1 });
  }
  return { requests, hits, hitRatio: requests === 0 ? 0 : hits / requests };
}
