import type { Redis } from 'ioredis';

/** Options of {@link InvalidationBus}. */
export interface InvalidationBusOptions {
  /**
   * A normal connection to the "queue" Redis (`noeviction`), used for PUBLISH only. The bus does
   * not own it: it never closes it, and its `enableOfflineQueue`/`maxRetriesPerRequest` decide how
   * long a publish waits while Redis is down before it rejects.
   */
  publisher: Redis;
  /**
   * Makes the subscriber connection the bus owns (opens at `start`, quits at `stop`), usually
   * `() => publisher.duplicate({ connectionName: 'hotpath-bus-sub-<instance>' })`. A name makes the
   * connection easy to find in `CLIENT LIST`; keep ioredis' default reconnection on.
   */
  createSubscriber: () => Redis;
  /** This instance's id; the bus stamps `<instanceId>:<boot id>` as `origin` on what it sends. */
  instanceId: string;
  /** Pub/Sub channel; default `hotpath:cache:bus`. */
  channel?: string;
  /**
   * Called with errors the bus cannot hand to a caller: subscriber connection errors (ioredis
   * retries on its own; health and `onGap` tell the consequence) and exceptions thrown by
   * `onMessage`/`onGap` handlers. Default: ignored.
   */
  onError?: (error: unknown) => void;
}
