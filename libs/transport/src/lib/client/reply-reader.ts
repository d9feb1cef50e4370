import type { Redis } from 'ioredis';
import { decodeReply, type ReplyOutcome } from '../protocol/transport-frames';
import { whenReady } from '../protocol/transport-redis';

export interface ReplyReaderOptions {
  /** A connection of its own: it spends its life blocked in XREAD. */
  redis: Redis;
  /** The client's command connection, which trims what was read. */
  trimmer: Redis;
  stream: string;
  onReply: (id: string, outcome: ReplyOutcome) => void;
}

const BLOCK_MS = 2_000;
const BATCH = 1_000;

/**
 * Reads one client's reply stream for as long as the client lives, and trims what it has read
 * (`XTRIM MINID`), so the stream holds only replies not yet read. Only this client knows the
 * stream's name (it has a random id); nobody else's replies reach it.
 */
export class ReplyReader {
  private stopped = false;
  private loop?: Promise<void>;

  constructor(private readonly options: ReplyReaderOptions) {}

  start(): void {
    this.loop = this.read();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.options.redis.disconnect();
    await this.loop;
  }

  private async read(): Promise<void> {
    const { redis, trimmer, stream, onReply } = this.options;
    let last = '0-0';
    while (!this.stopped) {
      let batch: [string, [string, string[]][]][] | null;
      try {
        batch = (await redis.call(
          'XREAD',
          'COUNT',
          BATCH,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          stream,
          last,
        )) as typeof batch;
      } catch {
        if (this.stopped) return;
        await whenReady(redis, BLOCK_MS, () => this.stopped);
        continue;
      }
      const entries = batch?.[0]?.[1];
      if (!entries || entries.length === 0) continue;
      for (const [entryId, fields] of entries) {
        last = entryId;
        const reply = decodeReply(fields);
        if (reply) onReply(reply.id, reply.outcome);
      }
      // Entries up to `last` are read; MINID keeps `last` itself and what came after it.
      trimmer.xtrim(stream, 'MINID', last).catch(() => 0);
    }
  }
}
