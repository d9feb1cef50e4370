import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type CachePolicy, cachePolicySchema, defaultPolicy, type PolicySource } from '@hotpath/cache';
import {
  DATABASE_DATA_SOURCE,
  QUEUE_REDIS,
  SERVICE_CONFIG,
  type ServiceConfig,
  ValidationError,
} from '@hotpath/platform';
import { Cluster, type Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { parsePolicyInput } from './parse-policy-input';
import { parsePolicyChangeMessage, POLICY_CHANGES_CHANNEL } from './policy-change-message';
import { type PolicyRecord, PolicyTable } from './policy-table';
import type { StoredPolicy } from './stored-policy';

/** Safety net for lost pub/sub messages: with it, every instance sees a change within 1 s. */
const POLL_INTERVAL_MS = 500;
/** How long start-up waits for the subscription before relying on polling alone. */
const SUBSCRIBE_WAIT_MS = 5_000;
/** Bound on the remembered default policies (one per namespace ever asked for). */
const MAX_DEFAULTS = 10_000;

interface Entry {
  stored: StoredPolicy;
  /** When this entry was applied, on this store's own clock (see `load`). */
  generation: number;
}

/**
 * The namespace policies of this instance, held in memory for the tiered cache's synchronous
 * `policyOf` and kept in step with PostgreSQL: a write is applied here at once and announced on
 * Redis pub/sub; the other instances reload that namespace from PostgreSQL when told, and a 500 ms
 * poll of a fingerprint of cache.policies catches whatever pub/sub lost. A restarted instance loads
 * every stored policy before it serves.
 */
@Injectable()
export class PolicyStore implements PolicySource, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PolicyStore.name);
  private readonly table: PolicyTable;
  private readonly entries = new Map<string, Entry>();
  private readonly defaults = new Map<string, CachePolicy>();
  private generation = 0;
  private changes = 0;
  /** Loads run one after the other, so an older snapshot never overwrites a newer one. */
  private loads: Promise<void> = Promise.resolve();
  private fingerprint?: string;
  private poll?: Promise<void>;
  private pollFailing = false;
  private timer?: NodeJS.Timeout;
  private subscriber?: Redis | Cluster;
  private stopping = false;

  constructor(
    @Inject(DATABASE_DATA_SOURCE) dataSource: DataSource,
    @Inject(QUEUE_REDIS) private readonly redis: Redis | Cluster,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {
    this.table = new PolicyTable(dataSource);
  }

  async onModuleInit(): Promise<void> {
    this.fingerprint = await this.table.fingerprint();
    await this.reload();
    this.subscriber = await this.subscribe();
    this.timer = setInterval(() => {
      this.poll ??= this.pollOnce().finally(() => (this.poll = undefined));
    }, POLL_INTERVAL_MS);
    this.timer.unref();
    this.logger.log(`Loaded ${this.entries.size} namespace policies`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    // QUIT on a connection that has already ended keeps the process alive for a while.
    if (subscriber && subscriber.status !== 'end')
      await subscriber.quit().catch(() => subscriber.disconnect());
    await this.poll;
    await this.loads;
  }

  /** Changes whenever a stored policy is applied or dropped (PolicySource's `revision`). */
  get revision(): number {
    return this.changes;
  }

  /** The namespace's stored policy, else its default; the same object until the policy changes. */
  policyOf(namespace: string): CachePolicy {
    const entry = this.entries.get(namespace);
    if (entry) return entry.stored.policy;
    let policy = this.defaults.get(namespace);
    if (!policy) {
      if (this.defaults.size >= MAX_DEFAULTS) this.defaults.clear();
      policy = freeze(defaultPolicy(namespace));
      this.defaults.set(namespace, policy);
    }
    return policy;
  }

  /** The stored policies by namespace; namespaces that run on the default policy are not listed. */
  list(): StoredPolicy[] {
    return [...this.entries.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, entry]) => entry.stored);
  }

  /**
   * Validates and stores a policy as the next version of its namespace, applies it here at once and
   * tells the other instances. With `expectedVersion` (0: "none yet") the write only happens if the
   * stored version is that one.
   * @throws ValidationError (400) naming each bad field.
   * @throws PolicyVersionConflictError (409, POLICY_VERSION_CONFLICT).
   */
  async upsert(input: unknown, updatedBy: string, expectedVersion?: number): Promise<StoredPolicy> {
    const policy = parsePolicyInput(input);
    if (expectedVersion !== undefined && !(Number.isInteger(expectedVersion) && expectedVersion >= 0)) {
      throw new ValidationError([{ field: 'expectedVersion', message: 'must be an integer of at least 0' }]);
    }
    const written = await this.table.write(policy, updatedBy, expectedVersion);
    const applied = this.apply(written);
    try {
      await this.redis.publish(
        POLICY_CHANGES_CHANNEL,
        JSON.stringify({ namespace: written.namespace, version: written.version }),
      );
    } catch (error) {
      this.logger.warn(
        `Cannot announce policy ${written.namespace} v${written.version} (${messageOf(error)}); ` +
          `other instances pick it up by polling within ${POLL_INTERVAL_MS} ms`,
      );
    }
    return applied ?? toStored(written, policy);
  }

  /** Every version of a namespace's policy, newest first, as it was written. */
  async history(namespace: string): Promise<Array<StoredPolicy<unknown>>> {
    const records = await this.table.history(namespace);
    return records.map(({ policy, version, updatedAt, updatedBy }) => ({
      policy,
      version,
      updatedAt: updatedAt.toISOString(),
      updatedBy,
    }));
  }

  private async subscribe(): Promise<Redis | Cluster> {
    const connectionName = `${this.config.serviceName}:${this.config.instanceId}:policies`;
    const subscriber = duplicateForSubscribing(this.redis, connectionName);
    let down = false;
    subscriber.on('message', (channel: string, message: string) => this.onMessage(channel, message));
    subscriber.on('error', (error: unknown) => {
      if (!down) this.logger.warn(`Policy subscriber: ${messageOf(error)}; polling until it is back`);
      down = true;
    });
    subscriber.on('ready', () => (down = false));
    subscriber.on('end', () => {
      if (!this.stopping)
        this.logger.warn('Policy subscriber closed for good; changes arrive by polling only');
    });
    const wait = new AbortController();
    const outcome = await Promise.race([
      subscriber.subscribe(POLICY_CHANGES_CHANNEL).then(
        () => 'subscribed' as const,
        (error: unknown) => error,
      ),
      delay(SUBSCRIBE_WAIT_MS, 'pending' as const, { ref: false, signal: wait.signal }).catch(
        () => 'pending' as const,
      ),
    ]);
    wait.abort();
    if (outcome !== 'subscribed') {
      const reason = outcome === 'pending' ? `no answer in ${SUBSCRIBE_WAIT_MS} ms` : messageOf(outcome);
      this.logger.warn(`Cannot subscribe to ${POLICY_CHANGES_CHANNEL} yet (${reason}); polling meanwhile`);
    }
    return subscriber;
  }

  private onMessage(channel: string, raw: string): void {
    if (channel !== POLICY_CHANGES_CHANNEL || this.stopping) return;
    const change = parsePolicyChangeMessage(raw);
    if (!change) {
      this.logger.warn(`Ignored a malformed message on ${POLICY_CHANGES_CHANNEL}`);
      return;
    }
    if ((this.entries.get(change.namespace)?.stored.version ?? 0) >= change.version) return;
    this.reload([change.namespace]).catch((error: unknown) =>
      this.logger.warn(`Cannot reload policy ${change.namespace}: ${messageOf(error)}; the poll will retry`),
    );
  }

  private async pollOnce(): Promise<void> {
    if (this.stopping) return;
    try {
      const fingerprint = await this.table.fingerprint();
      if (fingerprint !== this.fingerprint) {
        await this.reload();
        this.fingerprint = fingerprint;
      }
      if (this.pollFailing) this.logger.log('Policy polling works again');
      this.pollFailing = false;
    } catch (error) {
      if (!this.pollFailing)
        this.logger.warn(`Cannot poll policies: ${messageOf(error)}; keeping the current ones`);
      this.pollFailing = true;
    }
  }

  /** Reloads the given namespaces (all when omitted) from PostgreSQL, after any load in progress. */
  private reload(namespaces?: string[]): Promise<void> {
    const next = this.loads.then(() => this.load(namespaces));
    this.loads = next.catch(() => undefined);
    return next;
  }

  /**
   * Applies what PostgreSQL holds now. Entries applied after the query began (a local write that
   * committed meanwhile) are newer than its snapshot and stay; every older entry is replaced by the
   * stored row, or dropped when the row is gone.
   */
  private async load(namespaces?: string[]): Promise<void> {
    const since = this.generation;
    const records = await this.table.read(namespaces);
    const found = new Set<string>();
    for (const record of records) {
      found.add(record.namespace);
      const entry = this.entries.get(record.namespace);
      if (entry && (entry.generation > since || entry.stored.version === record.version)) continue;
      this.apply(record, true);
    }
    for (const namespace of namespaces ?? [...this.entries.keys()]) {
      const entry = this.entries.get(namespace);
      if (entry && entry.generation <= since && !found.has(namespace)) {
        this.entries.delete(namespace);
        this.changes++;
      }
    }
  }

  /** Puts a stored row in memory unless a newer version is already there (or `force`). */
  private apply(record: PolicyRecord, force = false): StoredPolicy | undefined {
    const current = this.entries.get(record.namespace);
    if (!force && current && current.stored.version >= record.version) return undefined;
    const parsed = cachePolicySchema.safeParse(record.policy);
    if (!parsed.success || parsed.data.namespace !== record.namespace) {
      this.logger.error(
        `Stored policy ${record.namespace} v${record.version} is invalid; keeping the previous one`,
      );
      return undefined;
    }
    const stored = toStored(record, freeze(parsed.data));
    this.entries.set(record.namespace, { stored, generation: ++this.generation });
    this.defaults.delete(record.namespace);
    this.changes++;
    return stored;
  }
}

/** A connection of its own for SUBSCRIBE, queueing commands while it (re)connects. */
function duplicateForSubscribing(client: Redis | Cluster, connectionName: string): Redis | Cluster {
  if (client instanceof Cluster) {
    return client.duplicate([], {
      enableOfflineQueue: true,
      redisOptions: { ...client.options.redisOptions, connectionName },
    });
  }
  return client.duplicate({ connectionName, enableOfflineQueue: true, maxRetriesPerRequest: null });
}

function toStored(record: PolicyRecord, policy: CachePolicy): StoredPolicy {
  return {
    policy,
    version: record.version,
    updatedAt: record.updatedAt.toISOString(),
    updatedBy: record.updatedBy,
  };
}

/** Policies are shared by every caller of `policyOf`: nobody may change one in place. */
function freeze(policy: CachePolicy): CachePolicy {
  Object.freeze(policy.tiers);
  return Object.freeze(policy);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
