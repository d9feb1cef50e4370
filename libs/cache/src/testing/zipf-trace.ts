import { seededRandom } from './seeded-random';
import type { ZipfTraceOptions } from './zipf-trace-options';

/** A deterministic Zipf-distributed key trace (inverse CDF by binary search). */
export function zipfTrace({ length, keys, exponent, seed }: ZipfTraceOptions): string[] {
  const cdf = new Float64Array(keys);
  let total = 0;
  for (let rank = 0; rank < keys; rank++) {
    total += 1 / (rank + 1) ** exponent;
    cdf[rank] = total;
  }
  const random = seededRandom(seed);
  const trace = new Array<string>(length);
  for (let i = 0; i < length; i++) {
    const target = random() * total;
    let low = 0;
    let high = keys - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (cdf[mid] < target) low = mid + 1;
      else high = mid;
    }
    trace[i] = `key-${low}`;
  }
  return trace;
}
