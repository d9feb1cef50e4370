import { L1Store } from '@hotpath/cache';
import { LRUCache } from 'lru-cache';
import { print, table } from './report';
import { loop, shiftingZipf, type Trace, zipf, zipfWithScans } from './traces';

const CAPACITY = 1000;

/**
 * 4. Hit ratio at capacity 1000, cache-aside: read, and on a miss write the key (size 1, no expiry).
 * lru-cache replays the same traces as a check of the LRU policy.
 */
export async function hitRatioSection(): Promise<void> {
  print(`## 4. Hit ratio, capacity ${CAPACITY}, cache-aside replay\n`);
  const rows: string[][] = [];
  for (const make of [zipf, () => zipfWithScans(CAPACITY), () => loop(CAPACITY), shiftingZipf]) {
    const trace: Trace = make();
    const { hitRatio: tinylfu, droppedReads } = replayL1(trace.keys, 'tinylfu');
    const { hitRatio: lru } = replayL1(trace.keys, 'lru');
    const reference = replayLruCache(trace.keys);
    rows.push([
      trace.name,
      tinylfu.toFixed(4),
      lru.toFixed(4),
      reference.toFixed(4),
      `${((tinylfu - lru) * 100).toFixed(1)} pts`,
      lru === reference ? 'same' : `differs by ${Math.abs(lru - reference).toFixed(4)}`,
      droppedReads.toLocaleString('en-US'),
    ]);
    await new Promise((resolve) => setImmediate(resolve));
  }
  table(
    [
      'trace',
      'L1Store tinylfu',
      'L1Store lru',
      'lru-cache',
      'tinylfu − lru',
      'L1Store lru vs lru-cache',
      'tinylfu hits dropped (runs > 64)',
    ],
    rows,
  );
}

function replayL1(keys: string[], policy: 'tinylfu' | 'lru'): { hitRatio: number; droppedReads: number } {
  const store = new L1Store<number>({ maxEntries: CAPACITY, maxBytes: 1024 * 1024 * 1024, policy });
  let hits = 0;
  for (const key of keys) {
    if (store.get(key)) hits++;
    else store.set(key, 1, { size: 1 });
  }
  return { hitRatio: hits / keys.length, droppedReads: store.droppedReads };
}

function replayLruCache(keys: string[]): number {
  const cache = new LRUCache<string, number>({ max: CAPACITY });
  let hits = 0;
  for (const key of keys) {
    if (cache.get(key) !== undefined) hits++;
    else cache.set(key, 1);
  }
  return hits / keys.length;
}
