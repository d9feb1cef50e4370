const NONE = -1;

/**
 * The links of every {@link AccessOrderList} of one policy, by entry id: two typed arrays shared by
 * the lists, as lru-cache keeps them. A hit then reorders within two compact arrays (8 bytes an
 * entry) instead of touching three scattered objects, which is most of what a hit costs once the
 * entries outgrow the CPU caches. Ids are small integers the store reuses; the arrays grow by
 * doubling to fit the largest id seen.
 */
export class ListLinks {
  prev: Int32Array = new Int32Array(0);
  next: Int32Array = new Int32Array(0);

  /** Makes room for `id`; new slots are unlinked. */
  fit(id: number): void {
    if (id < this.prev.length) return;
    const capacity = Math.max(64, 2 ** Math.ceil(Math.log2(id + 1)));
    this.prev = grown(this.prev, capacity);
    this.next = grown(this.next, capacity);
  }
}

function grown(array: Int32Array, capacity: number): Int32Array {
  const bigger = new Int32Array(capacity).fill(NONE);
  bigger.set(array);
  return bigger;
}
