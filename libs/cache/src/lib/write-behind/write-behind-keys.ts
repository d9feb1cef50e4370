import { CacheError } from '../errors/cache.error';
import { NAMESPACE_PATTERN } from '../policy/cache-policy';

/** Default head of every write-behind key: inside the queue's own key space (see below). */
export const WRITE_BEHIND_KEY_PREFIX = 'bull:hotpath.write-behind:wb';

/** The Redis keys of one namespace's write-behind state; all in one cluster slot. */
export interface WriteBehindNamespaceKeys {
  /** HASH user key → `<version>|<json of { value, requestId }>`: the newest write not yet flushed. */
  pending: string;
  /** STRING, PX: a delayed flush job is queued (set by whoever queued it, cleared when a flush starts). */
  scheduled: string;
  /** STRING, PX: an immediate flush job is queued because `batchSize` entries are waiting. */
  due: string;
  /** STRING: the namespace's `writeBehind` policy as JSON, which the worker flushes by. */
  config: string;
}

/**
 * The one place write-behind's Redis keys are built:
 *
 *   `<prefix>:{<ns>}:pending|scheduled|due|config`   and   `<prefix>:namespaces` (SET)
 *
 * The namespace is the hash tag, so a namespace's keys share a Redis Cluster slot and each Lua
 * script (which may only touch keys of one slot) sees all of them; different namespaces spread
 * over the cluster. The namespace is checked against `[a-z0-9][a-z0-9._-]{0,63}`, so it holds no
 * brace and cannot move the tag. The default prefix lies under `bull:hotpath.write-behind:`, the
 * key space the Redis ACL already grants the producer (cache-service) and the flusher
 * (optimization-worker), and which obliterating the queue clears along with its jobs.
 * `namespaces` lists every namespace that ever queued a flush, for the worker's sweep; it is only
 * ever used outside scripts, so its slot does not matter.
 */
export class WriteBehindKeys {
  constructor(private readonly prefix: string = WRITE_BEHIND_KEY_PREFIX) {
    if (prefix.length === 0 || /[{}]/.test(prefix)) {
      throw new CacheError('INVALID_OPTIONS', `write-behind key prefix must be non-empty without braces`);
    }
  }

  of(namespace: string): WriteBehindNamespaceKeys {
    if (!NAMESPACE_PATTERN.test(namespace)) {
      throw new CacheError('INVALID_NAMESPACE', `namespace must match ${NAMESPACE_PATTERN.source}`);
    }
    const head = `${this.prefix}:{${namespace}}:`;
    return {
      pending: head + 'pending',
      scheduled: head + 'scheduled',
      due: head + 'due',
      config: head + 'config',
    };
  }

  /** SET of the namespaces that have queued a flush at least once. */
  namespaces(): string {
    return `${this.prefix}:namespaces`;
  }
}
