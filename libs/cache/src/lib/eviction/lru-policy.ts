import { AccessOrderList } from './access-order-list';
import type { EvictionPolicy } from './eviction-policy';
import { ListLinks } from './list-links';

/** Plain least-recently-used: one access-ordered list, the head is the victim. */
export class LruPolicy implements EvictionPolicy {
  readonly name = 'lru' as const;
  private readonly links = new ListLinks();
  private readonly order = new AccessOrderList(this.links);

  onHit(id: number): void {
    this.order.moveToTail(id);
  }

  onMiss(): void {
    // LRU keeps no history of absent keys.
  }

  onAdd(id: number, _hash: number): void {
    this.links.fit(id);
    this.order.push(id);
  }

  onUpdate(id: number): void {
    this.order.moveToTail(id);
  }

  onRemove(id: number): void {
    this.order.remove(id);
  }

  victim(): number {
    return this.order.head;
  }

  clear(): void {
    this.order.clear();
  }
}
