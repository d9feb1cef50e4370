import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import type { Redis } from 'ioredis';
import { defer, mergeMap, Observable } from 'rxjs';
import { assertKeyPart, streamKeys } from '../protocol/stream-keys';
import { encodeRequest } from '../protocol/transport-frames';
import { transportRedis, whenReady } from '../protocol/transport-redis';
import { type LiveInstance, liveInstances } from '../protocol/presence';
import { TransportError } from '../transport.error';
import { ReplyReader } from './reply-reader';

export interface HotpathTransportClientOptions {
  /** The queue Redis (`QUEUE_REDIS_URL`). */
  redisUrl: string;
  /** The caller's API key, sent with every request and checked by the server like HTTP's. */
  apiKey: string;
  /** The service this client talks to (`cache-service`, `performance-service`). */
  service: string;
  /** How long a request waits for its reply. Default 5000 ms. */
  timeoutMs?: number;
  /**
   * Approximate bound of the service's request stream (`MAXLEN ~`, applied by each write): the
   * backlog no replica has read yet. Default 100,000.
   */
  maxLen?: number;
  /** Shown in `CLIENT LIST`. Default `transport-client:<service>`. */
  connectionName?: string;
  /** The servers' visibility timeout, for `instances()`' idea of a live replica. Default 2000. */
  visibilityTimeoutMs?: number;
}

const DEFAULTS = { timeoutMs: 5_000, maxLen: 100_000, visibilityTimeoutMs: 2_000 } as const;

interface Waiting {
  callback: (packet: WritePacket) => void;
  timer: NodeJS.Timeout;
}

/**
 * The client side of the Hotpath transport, a Nest `ClientProxy`: `send` writes a request to the
 * target service's stream, where exactly one replica takes it, and waits for the reply on this
 * client's own reply stream, which no other client reads; `emit` writes an event, handled once by
 * one replica. `sendTo` addresses one instance of the service (ids from `instances()`).
 *
 * A request that cannot be written fails at once (`TRANSPORT_UNAVAILABLE`); one without a reply
 * within `timeoutMs` fails with `TRANSPORT_TIMEOUT`, and its deadline tells the server not to run
 * it any more. A handler's error arrives as the `{ status: 'error', code, message }` it replied.
 */
export class HotpathTransportClient extends ClientProxy {
  readonly clientId = randomUUID();
  private readonly log = new Logger(HotpathTransportClient.name);
  private readonly settings: Required<HotpathTransportClientOptions>;
  private readonly requests: string;
  private readonly waiting = new Map<string, Waiting>();
  private commands?: Redis;
  private reader?: ReplyReader;
  private sequence = 0;
  private closed = false;

  constructor(options: HotpathTransportClientOptions) {
    super();
    assertKeyPart('service', options.service);
    if (!options.apiKey) throw new TypeError('HotpathTransportClient needs an apiKey');
    this.settings = { ...DEFAULTS, connectionName: `transport-client:${options.service}`, ...options };
    this.requests = streamKeys.requests(options.service);
  }

  /** Opens the connections (once); resolves when Redis answers, fails after `timeoutMs` if it does not. */
  async connect(): Promise<void> {
    if (this.closed) throw new TransportError('TRANSPORT_CLOSED', 'the transport client is closed');
    if (!this.commands) {
      const { redisUrl, connectionName } = this.settings;
      this.commands = transportRedis(redisUrl, connectionName, this.log);
      this.reader = new ReplyReader({
        redis: transportRedis(redisUrl, `${connectionName}:replies`, this.log),
        trimmer: this.commands,
        stream: streamKeys.replies(this.clientId),
        onReply: (id, outcome) => this.settle(id, { ...outcome, isDisposed: true }),
      });
      this.reader.start();
    }
    if (this.commands.status === 'ready') return;
    if (!(await whenReady(this.commands, this.settings.timeoutMs, () => this.closed))) {
      throw new TransportError(
        'TRANSPORT_UNAVAILABLE',
        `the queue Redis did not answer within ${this.settings.timeoutMs} ms`,
      );
    }
  }

  /** Like `send`, to one instance of the service only (for example to profile that instance). */
  sendTo<TResult = unknown, TInput = unknown>(
    instanceId: string,
    pattern: string,
    data: TInput,
  ): Observable<TResult> {
    assertKeyPart('instanceId', instanceId);
    const stream = streamKeys.instance(this.settings.service, instanceId);
    return defer(() => this.connect()).pipe(
      mergeMap(
        () =>
          new Observable<TResult>((observer) =>
            this.request(stream, { pattern, data }, this.createObserver(observer)),
          ),
      ),
    );
  }

  /** The service's replicas that are alive now, by their heartbeats. */
  async instances(): Promise<LiveInstance[]> {
    await this.connect();
    return liveInstances(this.commands as Redis, this.settings.service, this.settings.visibilityTimeoutMs);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const id of [...this.waiting.keys()]) {
      this.settle(id, {
        err: new TransportError('TRANSPORT_CLOSED', 'the transport client was closed'),
        isDisposed: true,
      });
    }
    await this.reader?.stop();
    const commands = this.commands;
    if (commands?.status === 'ready') {
      await commands.del(streamKeys.replies(this.clientId)).catch(() => 0);
      await commands.quit().catch(() => commands.disconnect());
    } else commands?.disconnect();
  }

  unwrap<T>(): T {
    if (!this.commands) throw new Error('HotpathTransportClient is not connected yet');
    return this.commands as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    return this.request(this.requests, packet, callback);
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    const fields = encodeRequest({
      pattern: this.normalizePattern(packet.pattern),
      data: packet.data,
      apiKey: this.settings.apiKey,
    });
    try {
      await (this.commands as Redis).xadd(this.requests, 'MAXLEN', '~', this.settings.maxLen, '*', ...fields);
    } catch (error) {
      throw new TransportError(
        'TRANSPORT_UNAVAILABLE',
        `${String(packet.pattern)} not sent: the queue Redis is unavailable`,
        { cause: error },
      );
    }
    return undefined as T;
  }

  private request(stream: string, packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const id = `${this.clientId}:${++this.sequence}`;
    const pattern = this.normalizePattern(packet.pattern);
    const { timeoutMs } = this.settings;
    const timer = setTimeout(() => {
      this.settle(id, {
        err: new TransportError('TRANSPORT_TIMEOUT', `${pattern}: no reply within ${timeoutMs} ms`),
        isDisposed: true,
      });
    }, timeoutMs);
    this.waiting.set(id, { callback, timer });
    const fields = encodeRequest({
      id,
      pattern,
      data: packet.data,
      apiKey: this.settings.apiKey,
      replyTo: streamKeys.replies(this.clientId),
      deadline: Date.now() + timeoutMs,
    });
    (this.commands as Redis)
      .xadd(stream, 'MAXLEN', '~', this.settings.maxLen, '*', ...fields)
      .catch((error: unknown) => {
        this.settle(id, {
          err: new TransportError(
            'TRANSPORT_UNAVAILABLE',
            `${pattern} not sent: the queue Redis is unavailable`,
            { cause: error },
          ),
          isDisposed: true,
        });
      });
    return () => {
      const waiting = this.waiting.get(id);
      if (!waiting) return;
      clearTimeout(waiting.timer);
      this.waiting.delete(id);
    };
  }

  /** Hands a request its outcome, once: a reply that comes after a timeout or a second reply is dropped. */
  private settle(id: string, packet: WritePacket): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.waiting.delete(id);
    waiting.callback(packet);
  }
}
