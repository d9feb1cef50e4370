import { seededRandom } from '../../testing/seeded-random';
import { ExpiryHeap } from './expiry-heap';

interface Item {
  id: number;
  deadline: number;
  heapIndex: number;
}

function drain(heap: ExpiryHeap<Item>): number[] {
  const deadlines: number[] = [];
  for (let next = heap.peek(); next; next = heap.peek()) {
    deadlines.push(next.deadline);
    heap.remove(next);
  }
  return deadlines;
}

describe('ExpiryHeap', () => {
  it.each([1, 2, 17, 500])('hands out %i items soonest first after removing arbitrary ones', (count) => {
    const random = seededRandom(count);
    const heap = new ExpiryHeap<Item>();
    const items = Array.from({ length: count }, (_, id) => ({
      id,
      deadline: Math.floor(random() * 1000),
      heapIndex: -1,
    }));
    items.forEach((item) => heap.push(item));
    const removed = items.filter((item) => item.id % 3 === 0);
    removed.forEach((item) => heap.remove(item));

    const kept = items.filter((item) => item.id % 3 !== 0).map((item) => item.deadline);
    expect(heap.size).toBe(kept.length);
    expect(drain(heap)).toEqual([...kept].sort((a, b) => a - b));
    expect(removed.every((item) => item.heapIndex === -1)).toBe(true);
  });

  it('ignores removing an item twice', () => {
    const heap = new ExpiryHeap<Item>();
    const a = { id: 1, deadline: 5, heapIndex: -1 };
    const b = { id: 2, deadline: 9, heapIndex: -1 };
    heap.push(a);
    heap.push(b);
    heap.remove(a);
    heap.remove(a);
    expect(heap.size).toBe(1);
    expect(heap.peek()).toBe(b);
  });
});
