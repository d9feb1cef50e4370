import type { CacheEnvelope } from '../lib/entry/cache-envelope';
import { compileKeyGlob } from '../lib/policy/key-glob';
import { pageKeys } from '../lib/tiered/page-keys';
import type { L2Port } from '../lib/tiered/l2-port';

/**
 * An in-memory stand-in for the L2 port, for unit tests of the tiered logic only (the real tier is
 * tested against Redis). `failing` makes every call reject, as a dead Redis would.
 */
export class MemoryL2 implements L2Port {
  readonly data = new Map<string, CacheEnvelope>();
  readonly locks = new Map<string, string>();
  failing = false;
  calls = 0;

  private id(namespace: string, key: string): string {
    return `${namespace}\u0000${key}`;
  }

  private async guard(): Promise<void> {
    this.calls++;
    if (this.failing) throw new Error('L2 down');
  }

  async get(namespace: string, key: string) {
    await this.guard();
    return this.data.get(this.id(namespace, key));
  }
  async mget(namespace: string, keys: string[]) {
    await this.guard();
    const found = new Map<string, CacheEnvelope>();
    for (const key of keys) {
      const envelope = this.data.get(this.id(namespace, key));
      if (envelope) found.set(key, envelope);
    }
    return found;
  }
  async set(namespace: string, key: string, envelope: CacheEnvelope) {
    await this.guard();
    this.data.set(this.id(namespace, key), envelope);
  }
  async mset(namespace: string, entries: Array<[string, CacheEnvelope]>) {
    await this.guard();
    for (const [key, envelope] of entries) this.data.set(this.id(namespace, key), envelope);
  }
  async delete(namespace: string, keys: string[]) {
    await this.guard();
    return keys.filter((key) => this.data.delete(this.id(namespace, key))).length;
  }
  async deleteByPattern(namespace: string, glob: string) {
    await this.guard();
    const matcher = compileKeyGlob(glob);
    return this.deleteWhere(namespace, (key) => matcher.test(key));
  }
  async deleteByTags(namespace: string, tags: string[]) {
    await this.guard();
    return this.deleteWhere(namespace, (_key, envelope) => envelope.tags.some((tag) => tags.includes(tag)));
  }
  private deleteWhere(namespace: string, match: (key: string, envelope: CacheEnvelope) => boolean): number {
    const prefix = `${namespace}\u0000`;
    let removed = 0;
    for (const [id, envelope] of [...this.data]) {
      if (id.startsWith(prefix) && match(id.slice(prefix.length), envelope) && this.data.delete(id))
        removed++;
    }
    return removed;
  }
  async clear(namespace: string) {
    await this.guard();
    const doomed = [...this.data.keys()].filter((id) => id.startsWith(`${namespace}\u0000`));
    for (const id of doomed) this.data.delete(id);
    return doomed.length;
  }
  async scanKeys(namespace: string, glob: string, cursor: string | undefined, limit: number) {
    await this.guard();
    const prefix = `${namespace}\u0000`;
    const keys = [...this.data.keys()]
      .filter((id) => id.startsWith(prefix))
      .map((id) => id.slice(prefix.length));
    return pageKeys(keys, glob, cursor, limit);
  }
  async acquireLock(namespace: string, key: string) {
    await this.guard();
    const id = this.id(namespace, key);
    if (this.locks.has(id)) return undefined;
    const token = Math.random().toString(36);
    this.locks.set(id, token);
    return token;
  }
  async releaseLock(namespace: string, key: string, token: string) {
    const id = this.id(namespace, key);
    if (this.locks.get(id) !== token) return false;
    this.locks.delete(id);
    return true;
  }
}
