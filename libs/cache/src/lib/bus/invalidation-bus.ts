import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CacheError } from '../errors/cache.error';
import type { BusGapReason } from './bus-gap-reason';
import type { InvalidationBusOptions } from './invalidation-bus-options';
import type { InvalidationMessage, InvalidationRequest } from './invalidation-message';
import { parseInvalidationMessage } from './parse-invalidation-message';
import { SequenceTracker } from './sequence-tracker';

const DEFAULT_CHANNEL = 'hotpath:cache:bus';

type MessageHandler = (message: InvalidationMessage) => void;
type GapHandler = (reason: BusGapReason) => void;

/**
 * The cache-coherence bus: every cache instance publishes what it set, deleted or invalidated on one
 * Redis Pub/Sub channel, and drops its L1 copies when another instance does.
 *
 * Pub/Sub is at-most-once: whatever is published while a subscriber is disconnected is lost. The bus
 * makes every loss visible instead of silent, through `onGap`:
 * - `disconnect` as soon as the subscriber connection drops (`healthy` turns false at once);
 * - `reconnect` once ioredis is connected again and the channel is subscribed again (`healthy`
 *   turns true);
 * - `gap` when a message from an origin does not carry the sequence number after the last one heard
 *   from it (a message lost on the way, or a publish of that origin that failed).
 *
 * Each bus stamps its messages with `origin = <instanceId>:<boot id>` (a new random boot id per bus
 * object, so a restarted instance is a new origin starting again at seq 1, never mistaken for a gap)
 * and a per-origin sequence number starting at 1. A bus ignores its own messages.
 */
export class InvalidationBus {
  /** What this bus stamps as `origin`: `<instanceId>:<random boot id>`. */
  readonly origin: string;
  readonly channel: string;

  private readonly tracker = new SequenceTracker();
  private readonly messageHandlers = new Set<MessageHandler>();
  private readonly gapHandlers = new Set<GapHandler>();
  private subscriber: Redis | undefined;
  private startup: Promise<void> | undefined;
  private lastSeq = 0;
  private subscribed = false;
  /** The connection dropped since the channel was last subscribed: subscribe again when ready. */
  private needsResubscribe = false;
  /** `disconnect` was announced; the matching `reconnect` is still due. */
  private outage = false;
  private gaps = 0;
  private outages = 0;
  private malformed = 0;

  constructor(private readonly options: InvalidationBusOptions) {
    if (typeof options.instanceId !== 'string' || options.instanceId.length === 0) {
      throw new CacheError('INVALID_OPTIONS', 'invalidation bus: instanceId must be a non-empty string');
    }
    const channel = options.channel ?? DEFAULT_CHANNEL;
    if (typeof channel !== 'string' || channel.length === 0) {
      throw new CacheError('INVALID_OPTIONS', 'invalidation bus: channel must be a non-empty string');
    }
    this.channel = channel;
    this.origin = `${options.instanceId}:${randomUUID()}`;
  }

  /** True while the channel is subscribed; false before `start`, after `stop` and during outages. */
  get healthy(): boolean {
    return this.subscribed;
  }

  /** Sequence gaps detected so far (`onGap('gap')`). */
  get gapCount(): number {
    return this.gaps;
  }

  /** Subscriber connection drops so far (`onGap('disconnect')`). */
  get outageCount(): number {
    return this.outages;
  }

  /** Messages on the channel that were not well-formed and were ignored. */
  get malformedCount(): number {
    return this.malformed;
  }

  /**
   * Opens the subscriber connection and resolves once the channel is subscribed. Rejects with
   * `CacheError('BUS_UNAVAILABLE')` if ioredis gives up (its `maxRetriesPerRequest`) first. Calling
   * it again while started returns the same promise.
   */
  start(): Promise<void> {
    this.startup ??= this.subscribe();
    return this.startup;
  }

  /** Unsubscribes and closes the subscriber connection; `healthy` is false from now on. */
  async stop(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.startup = undefined;
    this.subscribed = false;
    this.needsResubscribe = false;
    this.outage = false;
    this.tracker.clear();
    if (!subscriber) return;
    this.detach(subscriber);
    try {
      await subscriber.quit();
    } catch {
      subscriber.disconnect();
    }
  }

  /**
   * Stamps `request` with this bus's origin and next sequence number and PUBLISHes it as JSON.
   *
   * Never throws synchronously: when Redis is down (or the publisher closed) the promise rejects
   * with `CacheError('BUS_UNAVAILABLE')` holding the ioredis error as `cause`, after as long as the
   * publisher's own options make it wait (offline queue, `maxRetriesPerRequest`). The caller
   * decides what to do. A failed publish still used up its sequence number, so the other instances
   * see a `gap` (and drop their L1) as soon as this bus's next message reaches them.
   */
  async publish(request: InvalidationRequest): Promise<void> {
    const message = { ...request, origin: this.origin, seq: ++this.lastSeq };
    try {
      await this.options.publisher.publish(this.channel, JSON.stringify(message));
    } catch (error) {
      throw new CacheError('BUS_UNAVAILABLE', `invalidation bus: could not publish on ${this.channel}`, {
        cause: error,
      });
    }
  }

  /** Calls `handler` with every well-formed message of another instance; returns an unsubscribe. */
  onMessage(handler: MessageHandler): () => void {
    this.messageHandlers.add(handler);
    return () => this.messageHandlers.delete(handler);
  }

  /** Calls `handler` whenever messages may have been lost (see the class); returns an unsubscribe. */
  onGap(handler: GapHandler): () => void {
    this.gapHandlers.add(handler);
    return () => this.gapHandlers.delete(handler);
  }

  private async subscribe(): Promise<void> {
    const subscriber = this.options.createSubscriber();
    this.subscriber = subscriber;
    subscriber.on('message', this.handleMessage);
    subscriber.on('close', this.handleClose);
    subscriber.on('ready', this.handleReady);
    subscriber.on('error', this.handleError);
    try {
      await subscriber.subscribe(this.channel);
    } catch (error) {
      if (this.subscriber === subscriber) {
        this.subscriber = undefined;
        this.startup = undefined;
        this.detach(subscriber);
        subscriber.disconnect();
      }
      throw new CacheError('BUS_UNAVAILABLE', `invalidation bus: could not subscribe to ${this.channel}`, {
        cause: error,
      });
    }
    this.markSubscribed(subscriber);
  }

  private markSubscribed(subscriber: Redis): void {
    if (this.subscriber !== subscriber || this.subscribed || subscriber.status !== 'ready') return;
    this.subscribed = true;
    if (!this.outage) return;
    this.outage = false;
    this.emitGap('reconnect');
  }

  private readonly handleClose = (): void => {
    if (!this.subscriber) return;
    this.needsResubscribe = true;
    // Whatever was heard before the outage says nothing about what follows it.
    this.tracker.clear();
    if (!this.subscribed) return;
    this.subscribed = false;
    this.outage = true;
    this.outages++;
    this.emitGap('disconnect');
  };

  private readonly handleReady = (): void => {
    const subscriber = this.subscriber;
    if (!subscriber || !this.needsResubscribe) return;
    this.needsResubscribe = false;
    // ioredis' autoResubscribe may have subscribed already; subscribing again is harmless and is
    // the only way to learn when the channel is subscribed.
    subscriber.subscribe(this.channel).then(
      () => this.markSubscribed(subscriber),
      (error: unknown) => this.handleError(error),
    );
  };

  private readonly handleMessage = (channel: string, raw: string): void => {
    if (channel !== this.channel) return;
    const message = parseInvalidationMessage(raw);
    if (!message) {
      this.malformed++;
      return;
    }
    if (message.origin === this.origin) return;
    if (this.tracker.observe(message.origin, message.seq) === 'gap') {
      this.gaps++;
      this.emitGap('gap');
    }
    for (const handler of [...this.messageHandlers]) this.guard(() => handler(message));
  };

  private readonly handleError = (error: unknown): void => {
    this.options.onError?.(error);
  };

  private emitGap(reason: BusGapReason): void {
    for (const handler of [...this.gapHandlers]) this.guard(() => handler(reason));
  }

  /** A throwing handler must neither break ioredis' reply parsing nor starve the other handlers. */
  private guard(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.handleError(error);
    }
  }

  private detach(subscriber: Redis): void {
    subscriber.off('message', this.handleMessage);
    subscriber.off('close', this.handleClose);
    subscriber.off('ready', this.handleReady);
    // The error listener stays: ioredis would print unhandled 'error' events while closing.
  }
}
