import type { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CONSUMER_GROUP } from '../protocol/stream-keys';
import { encodeReply, type ReplyOutcome } from '../protocol/transport-frames';

/** Reply streams are bounded too; a client reads and trims its own within milliseconds. */
const REPLY_MAX_LEN = 10_000;
/** A reply stream whose client went away expires after this long without replies. */
const REPLY_TTL_MS = 60_000;
/** Reply streams whose expiry this replica remembers refreshing; past it, it forgets them all. */
const REMEMBERED_REPLY_STREAMS = 10_000;

/**
 * What a server writes once a request is done: the reply, on the caller's own stream, and then the
 * request's acknowledgement and deletion (`XACK` + `XDEL`, which also drops the caller's key from
 * Redis). A tick's settled entries share one `XACK` and one `XDEL` per stream, issued after the
 * replies written in that tick. A write that fails leaves the request pending: another replica
 * claims and answers it after the visibility timeout, and callers keep the first reply they get.
 */
export class StreamWriter {
  private readonly toSettle = new Map<string, string[]>();
  private readonly replyExpiry = new Map<string, number>();
  private scheduled = false;

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {}

  reply(replyTo: string, id: string, outcome: ReplyOutcome): void {
    this.redis
      .xadd(replyTo, 'MAXLEN', '~', REPLY_MAX_LEN, '*', ...encodeReply({ id, outcome }))
      .catch((error: unknown) => this.log.debug({ err: error }, 'reply not written'));
    const now = Date.now();
    if ((this.replyExpiry.get(replyTo) ?? 0) < now) {
      this.replyExpiry.set(replyTo, now + REPLY_TTL_MS / 4);
      this.redis.pexpire(replyTo, REPLY_TTL_MS).catch(() => 0);
      if (this.replyExpiry.size > REMEMBERED_REPLY_STREAMS) this.replyExpiry.clear();
    }
  }

  /** Acknowledges and deletes an entry, with the others settled in the same tick. */
  settle(stream: string, entryId: string): void {
    const ids = this.toSettle.get(stream);
    if (ids) ids.push(entryId);
    else this.toSettle.set(stream, [entryId]);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  /** Writes what is waiting to be settled now (a close calls it before quitting). */
  async flush(): Promise<void> {
    this.scheduled = false;
    if (this.toSettle.size === 0) return;
    const batches = [...this.toSettle];
    this.toSettle.clear();
    await Promise.all(
      batches.map(async ([stream, ids]) => {
        try {
          await Promise.all([
            this.redis.xack(stream, CONSUMER_GROUP, ...ids),
            this.redis.xdel(stream, ...ids),
          ]);
        } catch (error) {
          this.log.debug({ err: error }, 'acknowledgement not written');
        }
      }),
    );
  }
}
