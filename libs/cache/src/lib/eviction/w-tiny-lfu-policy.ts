import type { FrequencySketch } from '../sketch/frequency-sketch';
import { AccessOrderList } from './access-order-list';
import type { EvictionPolicy } from './eviction-policy';
import { HillClimber } from './hill-climber';
import { ListLinks } from './list-links';
import type { WTinyLfuPolicyOptions } from './w-tiny-lfu-policy-options';

const NONE = -1;
/** The segments, as codes in `queues`. */
const WINDOW = 0;
const PROBATION = 1;
const PROTECTED = 2;

const INITIAL_WINDOW_PERCENT = 0.01;
const PROTECTED_PERCENT = 0.8;
/** Above this frequency a losing candidate still gets in 1 time in 128 (Caffeine's hash-flooding guard). */
const FLOOD_GUARD_FREQUENCY = 5;

/**
 * Caffeine's W-TinyLFU. New keys enter a small LRU **window** (1% of capacity to start). A key
 * pushed out of the window becomes the *candidate* and joins the **probation** segment of the main
 * area; when the store is over a bound the candidate competes with probation's LRU *victim* and
 * only the more frequent one (by the sketch) stays. A hit in probation promotes to **protected**
 * (80% of main), whose overflow is demoted back to probation. The window size is tuned by a
 * {@link HillClimber}. Every operation is O(1); a window resize moves at most `step` nodes once
 * per sample period (amortized O(1)).
 */
export class WTinyLfuPolicy implements EvictionPolicy {
  readonly name = 'tinylfu' as const;
  private readonly links = new ListLinks();
  private readonly window = new AccessOrderList(this.links);
  private readonly probation = new AccessOrderList(this.links);
  private readonly protected = new AccessOrderList(this.links);
  /** By id: the segment of each resident entry, and its key's hash for admission. */
  private queues: Uint8Array = new Uint8Array(0);
  private hashes: Int32Array = new Int32Array(0);
  private readonly climber: HillClimber | undefined;
  private readonly random: () => number;
  private readonly sketch: FrequencySketch;
  private readonly maximumSize: number;
  /** The entry most recently pushed out of the window, still competing for a place in main; -1 if none. */
  private candidate = NONE;
  private windowMax: number;
  private protectedMax: number;

  constructor(options: WTinyLfuPolicyOptions) {
    this.maximumSize = options.maximumSize;
    this.sketch = options.sketch;
    this.random = options.random ?? Math.random;
    this.climber = options.adaptive === false ? undefined : new HillClimber(options.maximumSize);
    this.windowMax = this.clampWindow(Math.round(this.maximumSize * INITIAL_WINDOW_PERCENT));
    this.protectedMax = this.protectedMaxFor(this.windowMax);
  }

  /** Current target size of the window, for observability and tests. */
  get windowCapacity(): number {
    return this.windowMax;
  }

  onHit(id: number): void {
    this.reorder(id);
    this.climb(true);
  }

  onMiss(): void {
    this.climb(false);
  }

  onAdd(id: number, hash: number): void {
    this.fit(id);
    this.hashes[id] = hash;
    this.queues[id] = WINDOW;
    this.window.push(id);
    this.drainWindow();
  }

  onUpdate(id: number): void {
    this.reorder(id);
  }

  onRemove(id: number): void {
    this.listOf(this.queues[id]).remove(id);
    if (this.candidate === id) this.candidate = NONE;
  }

  victim(): number {
    const candidate = this.candidate;
    if (candidate === NONE) {
      if (this.probation.head !== NONE) return this.probation.head;
      return this.protected.head !== NONE ? this.protected.head : this.window.head;
    }
    const victim = this.probation.head !== candidate ? this.probation.head : this.protected.head;
    if (victim === NONE) return candidate;
    return this.admit(candidate, victim) ? victim : candidate;
  }

  clear(): void {
    this.window.clear();
    this.probation.clear();
    this.protected.clear();
    this.candidate = NONE;
  }

  /** TinyLFU admission: the candidate replaces the victim only if it is more frequent. */
  private admit(candidate: number, victim: number): boolean {
    const candidateFrequency = this.sketch.frequency(this.hashes[candidate]);
    const victimFrequency = this.sketch.frequency(this.hashes[victim]);
    if (candidateFrequency > victimFrequency) return true;
    // An attacker can make a victim look hot by colliding its hash; a warm candidate sometimes wins.
    return candidateFrequency > FLOOD_GUARD_FREQUENCY && this.random() < 1 / 128;
  }

  private reorder(id: number): void {
    if (id === this.candidate) this.candidate = NONE;
    const queue = this.queues[id];
    if (queue === PROBATION) {
      this.probation.remove(id);
      this.queues[id] = PROTECTED;
      this.protected.push(id);
      this.drainProtected();
    } else {
      this.listOf(queue).moveToTail(id);
    }
  }

  /** Moves the window's LRU entries to probation while the window is over its target. */
  private drainWindow(): void {
    while (this.window.size > this.windowMax && this.window.head !== NONE) {
      const id = this.window.head;
      this.window.remove(id);
      this.queues[id] = PROBATION;
      this.probation.push(id);
      this.candidate = id;
    }
  }

  /** Demotes protected's LRU entries to probation while protected is over its target. */
  private drainProtected(): void {
    while (this.protected.size > this.protectedMax && this.protected.head !== NONE) {
      const id = this.protected.head;
      this.protected.remove(id);
      this.queues[id] = PROBATION;
      this.probation.push(id);
    }
  }

  private climb(hit: boolean): void {
    const adjustment = this.climber?.record(hit) ?? 0;
    if (adjustment === 0) return;
    this.windowMax = this.clampWindow(this.windowMax + adjustment);
    this.protectedMax = this.protectedMaxFor(this.windowMax);
    this.drainWindow();
    this.drainProtected();
  }

  private clampWindow(size: number): number {
    return Math.min(Math.max(1, size), Math.max(1, this.maximumSize - 1));
  }

  private protectedMaxFor(windowMax: number): number {
    return Math.floor((this.maximumSize - windowMax) * PROTECTED_PERCENT);
  }

  /** Makes room for `id` in the per-id arrays (they grow by doubling). */
  private fit(id: number): void {
    this.links.fit(id);
    if (id < this.queues.length) return;
    const queues = new Uint8Array(this.links.prev.length);
    queues.set(this.queues);
    this.queues = queues;
    const hashes = new Int32Array(this.links.prev.length);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }

  private listOf(queue: number): AccessOrderList {
    if (queue === WINDOW) return this.window;
    return queue === PROBATION ? this.probation : this.protected;
  }
}
