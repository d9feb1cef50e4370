import type { FrequencySketch } from '../sketch/frequency-sketch';
import { AccessOrderList } from './access-order-list';
import type { EvictionPolicy } from './eviction-policy';
import { HillClimber } from './hill-climber';
import type { WTinyLfuPolicyOptions } from './w-tiny-lfu-policy-options';

type Queue = 'window' | 'probation' | 'protected';

interface PolicyNode {
  key: string;
  hash: number;
  queue: Queue;
  prev: PolicyNode | null;
  next: PolicyNode | null;
}

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
  private readonly nodes = new Map<string, PolicyNode>();
  private readonly window = new AccessOrderList<PolicyNode>();
  private readonly probation = new AccessOrderList<PolicyNode>();
  private readonly protected = new AccessOrderList<PolicyNode>();
  private readonly climber: HillClimber | undefined;
  private readonly random: () => number;
  private readonly sketch: FrequencySketch;
  private readonly maximumSize: number;
  /** The node most recently pushed out of the window, still competing for a place in main. */
  private candidate: PolicyNode | null = null;
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

  onHit(handle: object): void {
    this.reorder(handle as PolicyNode);
    this.climb(true);
  }

  onMiss(_key: string): void {
    this.climb(false);
  }

  onAdd(key: string, hash: number): object {
    const node: PolicyNode = { key, hash, queue: 'window', prev: null, next: null };
    this.nodes.set(key, node);
    this.window.push(node);
    this.drainWindow();
    return node;
  }

  onUpdate(key: string): void {
    const node = this.nodes.get(key);
    if (node) this.reorder(node);
  }

  onRemove(key: string): void {
    const node = this.nodes.get(key);
    if (!node) return;
    this.nodes.delete(key);
    this.listOf(node.queue).remove(node);
    if (this.candidate === node) this.candidate = null;
  }

  victim(): string | undefined {
    const candidate = this.candidate;
    if (!candidate) {
      return (this.probation.head ?? this.protected.head ?? this.window.head)?.key;
    }
    const victim = this.probation.head !== candidate ? this.probation.head : this.protected.head;
    if (!victim) return candidate.key;
    return this.admit(candidate, victim) ? victim.key : candidate.key;
  }

  clear(): void {
    this.nodes.clear();
    this.window.clear();
    this.probation.clear();
    this.protected.clear();
    this.candidate = null;
  }

  /** TinyLFU admission: the candidate replaces the victim only if it is more frequent. */
  private admit(candidate: PolicyNode, victim: PolicyNode): boolean {
    const candidateFrequency = this.sketch.frequency(candidate.hash);
    const victimFrequency = this.sketch.frequency(victim.hash);
    if (candidateFrequency > victimFrequency) return true;
    // An attacker can make a victim look hot by colliding its hash; a warm candidate sometimes wins.
    return candidateFrequency > FLOOD_GUARD_FREQUENCY && this.random() < 1 / 128;
  }

  private reorder(node: PolicyNode): void {
    if (node === this.candidate) this.candidate = null;
    if (node.queue === 'probation') {
      this.probation.remove(node);
      node.queue = 'protected';
      this.protected.push(node);
      this.drainProtected();
    } else {
      this.listOf(node.queue).moveToTail(node);
    }
  }

  /** Moves the window's LRU entries to probation while the window is over its target. */
  private drainWindow(): void {
    while (this.window.size > this.windowMax && this.window.head) {
      const node = this.window.head;
      this.window.remove(node);
      node.queue = 'probation';
      this.probation.push(node);
      this.candidate = node;
    }
  }

  /** Demotes protected's LRU entries to probation while protected is over its target. */
  private drainProtected(): void {
    while (this.protected.size > this.protectedMax && this.protected.head) {
      const node = this.protected.head;
      this.protected.remove(node);
      node.queue = 'probation';
      this.probation.push(node);
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

  private listOf(queue: Queue): AccessOrderList<PolicyNode> {
    if (queue === 'window') return this.window;
    return queue === 'probation' ? this.probation : this.protected;
  }
}
