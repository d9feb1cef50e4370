import { seededRandom } from '../../../libs/cache/src/testing/seeded-random';
import { zipfTrace } from '../../../libs/cache/src/testing/zipf-trace';

/** The access traces of the hit-ratio section; each is deterministic (seeded). */
export interface Trace {
  name: string;
  keys: string[];
}

const KEYS = 100_000;
const LENGTH = 500_000;
const EXPONENT = 0.99;

export function zipf(): Trace {
  return {
    name: 'Zipf s=0.99, 100k keys, 500k accesses',
    keys: zipfTrace({ length: LENGTH, keys: KEYS, exponent: EXPONENT, seed: 42 }),
  };
}

/**
 * Zipf with scans: 10 rounds of 45k Zipf accesses followed by a one-pass scan of 5k keys never
 * seen before (5 × capacity), so every scan alone could flush an LRU of capacity 1000.
 */
export function zipfWithScans(capacity: number): Trace {
  const hot = zipfTrace({ length: LENGTH, keys: KEYS, exponent: EXPONENT, seed: 43 });
  const rounds = 10;
  const scan = 5 * capacity;
  const perRound = LENGTH / rounds - scan;
  const keys: string[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < perRound; i++) keys.push(hot[round * perRound + i]);
    for (let i = 0; i < scan; i++) keys.push(`scan-${round}-${i}`);
  }
  return { name: `Zipf + scans (10 × [${perRound / 1000}k Zipf, ${scan / 1000}k one-pass scan])`, keys };
}

/** A cycle over capacity × 1.5 keys in order, 500k accesses: LRU's worst case. */
export function loop(capacity: number): Trace {
  const cycle = Math.round(capacity * 1.5);
  return { name: `loop over ${cycle} keys, 500k accesses`, keys: Array.from({ length: LENGTH }, (_, i) => `loop-${i % cycle}`) };
}

/** Zipf whose popularity ranking is re-drawn (a fresh random permutation) every 100k accesses. */
export function shiftingZipf(): Trace {
  const phase = 100_000;
  const ranks = zipfTrace({ length: LENGTH, keys: KEYS, exponent: EXPONENT, seed: 44 });
  const random = seededRandom(45);
  const keys = new Array<string>(LENGTH);
  let permutation = new Uint32Array(0);
  for (let i = 0; i < LENGTH; i++) {
    if (i % phase === 0) permutation = shuffled(KEYS, random);
    keys[i] = `key-${permutation[Number(ranks[i].slice(4))]}`;
  }
  return { name: 'shifting Zipf (ranking permuted every 100k), 500k accesses', keys };
}

function shuffled(n: number, random: () => number): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
