import { AccessOrderList } from './access-order-list';
import type { EvictionPolicy } from './eviction-policy';

interface LruNode {
  key: string;
  prev: LruNode | null;
  next: LruNode | null;
}

/** Plain least-recently-used: one access-ordered list, the head is the victim. */
export class LruPolicy implements EvictionPolicy {
  readonly name = 'lru' as const;
  private readonly nodes = new Map<string, LruNode>();
  private readonly order = new AccessOrderList<LruNode>();

  onHit(handle: object): void {
    this.order.moveToTail(handle as LruNode);
  }

  onMiss(_key: string): void {
    // LRU keeps no history of absent keys.
  }

  onAdd(key: string, _hash: number): object {
    const node: LruNode = { key, prev: null, next: null };
    this.nodes.set(key, node);
    this.order.push(node);
    return node;
  }

  onUpdate(key: string): void {
    const node = this.nodes.get(key);
    if (node) this.order.moveToTail(node);
  }

  onRemove(key: string): void {
    const node = this.nodes.get(key);
    if (!node) return;
    this.nodes.delete(key);
    this.order.remove(node);
  }

  victim(): string | undefined {
    return this.order.head?.key;
  }

  clear(): void {
    this.nodes.clear();
    this.order.clear();
  }
}
