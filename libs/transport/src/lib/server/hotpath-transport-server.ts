import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, Server, type WritePacket } from '@nestjs/microservices';
import type { Redis } from 'ioredis';
import { lastValueFrom } from 'rxjs';
import { HotpathTransportContext } from '../hotpath-transport.context';
import { CONSUMER_GROUP, assertKeyPart, isReplyStream, streamKeys } from '../protocol/stream-keys';
import { decodeRequest, MalformedFrameError, type RequestFrame } from '../protocol/transport-frames';
import { transportRedis, whenReady } from '../protocol/transport-redis';
import { HOTPATH_TRANSPORT } from '../transport-id';
import { StreamWriter } from './stream-writer';
import { beat, forgetDeadInstances } from '../protocol/presence';
import { PendingReclaimer } from './pending-reclaimer';
import { type HotpathTransportServerOptions, SERVER_DEFAULTS } from './transport-server.options';

/** How often (in reclaimer ticks) a replica looks for dead replicas to forget. */
const FORGET_EVERY_TICKS = 30;

interface Delivery {
  stream: string;
  entryId: string;
  since: number;
}

/**
 * The server side of the Hotpath transport: a Nest custom transporter over Redis Streams.
 *
 * Every replica of a service is a consumer in one consumer group over the service's stream, so a
 * request is handed to exactly one replica (`XREADGROUP`), however many run; each replica also
 * reads a stream of its own, for requests addressed to it by instance id. A request is
 * acknowledged and deleted (`XACK` + `XDEL`, which also drops the caller's key from Redis) after
 * its reply is written to the caller's own reply stream. A replica renews what it is still working
 * on; requests left pending by a replica that died are claimed by another after the visibility
 * timeout (`XAUTOCLAIM`) and run there: every cache pattern gives the same result when run again.
 * A request whose caller has given up (its deadline passed) is dropped unexecuted, so a backlog
 * after an outage does not apply writes whose callers were told they failed.
 *
 * The caller's API key travels with the request; the global API-key guard authenticates it as it
 * does an HTTP request's (see {@link HotpathTransportContext}).
 */
export class HotpathTransportServer extends Server implements CustomTransportStrategy {
  override readonly transportId = HOTPATH_TRANSPORT;
  private readonly log = new Logger(HotpathTransportServer.name);
  private readonly settings: Required<HotpathTransportServerOptions>;
  private readonly streams: { requests: string; own: string };
  private reader?: Redis;
  private commands?: Redis;
  private reclaimer?: PendingReclaimer;
  private readonly inFlight = new Map<string, Delivery>();
  private writer?: StreamWriter;
  private slotFreed?: () => void;
  private groupsReady = false;
  private closing = false;
  private loop?: Promise<void>;
  private drained?: () => void;

  constructor(options: HotpathTransportServerOptions) {
    super();
    assertKeyPart('service', options.service);
    assertKeyPart('instanceId', options.instanceId);
    this.settings = { ...SERVER_DEFAULTS, ...options };
    this.streams = {
      requests: streamKeys.requests(options.service),
      own: streamKeys.instance(options.service, options.instanceId),
    };
  }

  /** Requests this replica holds right now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  listen(callback: (error?: unknown) => void): void {
    const { redisUrl, service, instanceId, visibilityTimeoutMs } = this.settings;
    this.reader = transportRedis(redisUrl, `${service}:${instanceId}:transport-reader`, this.log);
    this.commands = transportRedis(redisUrl, `${service}:${instanceId}:transport`, this.log);
    this.writer = new StreamWriter(this.commands, this.log);
    let ticks = 0;
    this.reclaimer = new PendingReclaimer({
      redis: this.commands,
      stream: this.streams.requests,
      consumer: instanceId,
      visibilityTimeoutMs,
      held: () => this.inFlight.values(),
      room: () => this.settings.concurrency - this.inFlight.size,
      deliver: (stream, entryId, fields) => this.dispatch(stream, entryId, fields, 2),
      housekeeping: async (redis) => {
        await beat(redis, service, instanceId);
        // Dead replicas are forgotten after thirty visibility timeouts: looking every thirtieth
        // tick (ten timeouts) is often enough, and spares the presence hash a read per tick.
        if (++ticks % FORGET_EVERY_TICKS === 1)
          await forgetDeadInstances(redis, service, visibilityTimeoutMs);
      },
      onError: (error) => this.log.debug({ err: error }, 'transport housekeeping failed; retrying'),
    });
    // The app starts whether or not Redis is up; the loop waits for it (readiness reports Redis).
    this.loop = this.readLoop();
    this.reclaimer.start();
    // The first heartbeat as soon as Redis answers, so callers see this replica at once.
    this.commands.once('ready', () => void this.reclaimer?.tick());
    callback();
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.reclaimer?.stop();
    // Ends a blocked XREADGROUP at once; the requests already read are finished below.
    this.reader?.disconnect();
    this.slotFreed?.();
    await this.loop;
    if (this.inFlight.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.settings.drainTimeoutMs);
        this.drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await this.writer?.flush();
    const commands = this.commands;
    if (commands?.status === 'ready') {
      await commands
        .hdel(streamKeys.presence(this.settings.service), this.settings.instanceId)
        .catch(() => 0);
      await commands.quit().catch(() => commands.disconnect());
    } else commands?.disconnect();
  }

  on(): never {
    throw new Error('HotpathTransportServer has no events to listen to; its state is in the logs.');
  }

  unwrap<T>(): T {
    if (!this.reader || !this.commands) throw new Error('HotpathTransportServer is not listening yet');
    return [this.commands, this.reader] as T;
  }

  private async readLoop(): Promise<void> {
    const reader = this.reader as Redis;
    const { blockMs, instanceId } = this.settings;
    while (!this.closing) {
      const room = this.settings.concurrency - this.inFlight.size;
      if (room <= 0) {
        await new Promise<void>((resolve) => (this.slotFreed = resolve));
        continue;
      }
      let batch: [string, [string, string[]][]][] | null;
      try {
        if (!this.groupsReady) await this.createGroups();
        batch = (await reader.xreadgroup(
          'GROUP',
          CONSUMER_GROUP,
          instanceId,
          'COUNT',
          room,
          'BLOCK',
          blockMs,
          'STREAMS',
          this.streams.requests,
          this.streams.own,
          '>',
          '>',
        )) as typeof batch;
      } catch (error) {
        if (this.closing) break;
        // The queue Redis lost its data (a restart without persistence): make the groups again.
        if (String(error).includes('NOGROUP')) this.groupsReady = false;
        if (!(await whenReady(reader, blockMs, () => this.closing))) continue;
        continue;
      }
      for (const [stream, entries] of batch ?? []) {
        for (const [entryId, fields] of entries) this.dispatch(stream, entryId, fields, 1);
      }
    }
  }

  private async createGroups(): Promise<void> {
    const commands = this.reader as Redis;
    for (const stream of [this.streams.requests, this.streams.own]) {
      await commands
        .call('XGROUP', 'CREATE', stream, CONSUMER_GROUP, '0', 'MKSTREAM')
        .catch((error: unknown) => {
          if (!String(error).includes('BUSYGROUP')) throw error;
        });
    }
    this.groupsReady = true;
  }

  /** Runs one request or event; its reply and acknowledgement follow when it settles. */
  private dispatch(stream: string, entryId: string, fields: string[] | null, deliveries: number): void {
    // An entry trimmed away (or deleted) while it was pending comes back without fields.
    if (!fields) return void this.writer?.settle(stream, entryId);
    let frame: RequestFrame;
    try {
      frame = decodeRequest(fields);
    } catch (error) {
      const partial = error instanceof MalformedFrameError ? error.partial : {};
      if (partial.id && partial.replyTo) {
        if (isReplyStream(partial.replyTo))
          this.writer?.reply(partial.replyTo, partial.id, {
            err: { status: 'error', code: 'VALIDATION_FAILED', message: (error as Error).message },
          });
      }
      return void this.writer?.settle(stream, entryId);
    }
    if (frame.deadline !== undefined && frame.deadline < Date.now())
      return void this.writer?.settle(stream, entryId);
    // A reply goes to a reply stream and nowhere else (not, say, into a BullMQ key this replica
    // may write): a request that names another key is dropped unanswered.
    if (frame.replyTo !== undefined && !isReplyStream(frame.replyTo)) {
      this.log.warn(
        { pattern: frame.pattern },
        'request with a reply address outside the reply streams dropped',
      );
      return void this.writer?.settle(stream, entryId);
    }

    const context = new HotpathTransportContext([
      {
        pattern: frame.pattern,
        requestId: frame.id,
        apiKey: frame.apiKey,
        correlationId: frame.correlationId,
        stream,
        instanceId: this.settings.instanceId,
        deliveries,
      },
    ]);
    // A plain string pattern is its own route: Nest's getRouteFromPattern would JSON.parse it (and
    // catch the SyntaxError) on every request first.
    const handler = this.messageHandlers.get(frame.pattern) ?? this.getHandlerByPattern(frame.pattern);
    const key = `${stream} ${entryId}`;
    this.inFlight.set(key, { stream, entryId, since: Date.now() });
    const done = () => {
      this.inFlight.delete(key);
      this.writer?.settle(stream, entryId);
      this.slotFreed?.();
      this.slotFreed = undefined;
      if (this.inFlight.size === 0) this.drained?.();
    };

    if (frame.id === undefined || frame.replyTo === undefined) {
      // An event: nobody waits for an answer, so a failure is logged (once) and the entry settled.
      if (!handler) {
        this.log.warn({ pattern: frame.pattern }, 'event without a handler dropped');
        return done();
      }
      void (async () => handler(frame.data, context))()
        .then((result) =>
          isObservableLike(result) ? lastValueFrom(result, { defaultValue: undefined }) : result,
        )
        .catch((error: unknown) =>
          this.log.error({ err: error, pattern: frame.pattern }, 'event handler failed'),
        )
        .finally(done);
      return;
    }

    const { id, replyTo } = frame;
    if (!handler) {
      this.writer?.reply(replyTo, id, {
        err: { status: 'error', code: 'NO_HANDLER', message: `no handler for pattern ${frame.pattern}` },
      });
      return done();
    }
    let last: unknown = null;
    let answered = false;
    const respond = (packet: WritePacket): void => {
      if (answered) return;
      if (packet.response !== undefined) last = packet.response;
      if (packet.err !== undefined || packet.isDisposed) {
        answered = true;
        this.writer?.reply(replyTo, id, packet.err !== undefined ? { err: packet.err } : { response: last });
        done();
      }
    };
    Promise.resolve(
      this.handleRequest(
        context,
        async () => this.transformToObservable(await handler(frame.data, context)),
        respond,
      ) as unknown,
    ).catch((error: unknown) => {
      this.log.error({ err: error, pattern: frame.pattern }, 'transport handler failed outside its filters');
      respond({ err: { status: 'error', code: 'INTERNAL', message: 'The request failed.' } });
    });
  }
}

function isObservableLike(value: unknown): value is import('rxjs').Observable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { subscribe?: unknown }).subscribe === 'function'
  );
}
