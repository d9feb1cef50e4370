import { groupBySlot } from './group-by-slot';

/** Keys one batch holds at most: a batch that fills is sent at once and the next one begun. */
export const MAX_GET_BATCH = 128;

/** How a batch reaches Redis: one key, or several of one slot (both guarded by the tier). */
export interface GetSender {
  getOne(redisKey: string): PromiseLike<Buffer | null>;
  getMany(redisKeys: string[]): PromiseLike<Array<Buffer | null>>;
  /** True on a Redis Cluster: keys are grouped by slot. On a standalone server every key goes in one MGET. */
  cluster: boolean;
}

/** The batch whose caller's promise is being made: `new Promise` runs its executor at once. */
let arming: GetBatch<unknown> | undefined;
function capture(resolve: (value: never) => void, reject: (error: unknown) => void): void {
  const batch = arming as GetBatch<unknown>;
  batch.resolves.push(resolve as (value: unknown) => void);
  batch.rejects.push(reject);
}

/**
 * Coalesces the L2 GETs made in one tick into MGETs, one per cluster slot (one in all on a
 * standalone server), sent on `process.nextTick`: before ioredis's auto-pipeline, which waits for
 * `setImmediate`, so a batch costs no extra round trip. At 100 concurrent readers a GET costs ioredis
 * a command object, a promise and a reply of its own; a batch pays those once for up to
 * {@link MAX_GET_BATCH} keys. A lone key is sent as a plain GET. Each caller's promise settles with
 * `answer(reply)` for its key, or with the error of the command that carried it.
 */
export class GetBatcher<R> {
  private open: GetBatch<R> | undefined;

  constructor(
    private readonly sender: GetSender,
    private readonly answer: (stored: Buffer | null) => R,
  ) {}

  get(redisKey: string): Promise<R> {
    let batch = this.open;
    if (batch === undefined) {
      batch = this.open = new GetBatch<R>();
      process.nextTick(sendScheduled, this, batch);
    }
    batch.keys.push(redisKey);
    arming = batch as GetBatch<unknown>;
    const answered = new Promise<R>(capture);
    arming = undefined;
    if (batch.keys.length === MAX_GET_BATCH) this.send(batch);
    return answered;
  }

  /** Sends `batch` unless already sent (a full batch goes before its scheduled tick). */
  send(batch: GetBatch<R>): void {
    if (this.open === batch) this.open = undefined;
    if (batch.sent) return;
    batch.sent = true;
    const { keys } = batch;
    if (keys.length === 1) this.sendOne(batch, 0);
    else if (!this.sender.cluster) this.sendMany(batch, keys, undefined);
    else {
      const positions = keys.map((_, i) => i);
      for (const group of groupBySlot(positions, (i) => keys[i]).values()) {
        if (group.length === 1) this.sendOne(batch, group[0]);
        else
          this.sendMany(
            batch,
            group.map((i) => keys[i]),
            group,
          );
      }
    }
  }

  private sendOne(batch: GetBatch<R>, at: number): void {
    sent(() => this.sender.getOne(batch.keys[at])).then(
      (stored) => settle(batch.resolves[at], batch.rejects[at], this.answer, stored),
      (error: unknown) => batch.rejects[at](error),
    );
  }

  /** `at`: the batch positions of `keys`, when they are not the whole batch in order. */
  private sendMany(batch: GetBatch<R>, keys: string[], at: number[] | undefined): void {
    sent(() => this.sender.getMany(keys)).then(
      (replies) => {
        for (let i = 0; i < keys.length; i++) {
          const position = at === undefined ? i : at[i];
          settle(batch.resolves[position], batch.rejects[position], this.answer, replies[i]);
        }
      },
      (error: unknown) => {
        for (let i = 0; i < keys.length; i++) batch.rejects[at === undefined ? i : at[i]](error);
      },
    );
  }
}

/** The keys of one tick and their callers' settling functions, by position. */
class GetBatch<R> {
  readonly keys: string[] = [];
  readonly resolves: Array<(value: R) => void> = [];
  readonly rejects: Array<(error: unknown) => void> = [];
  sent = false;
}

function sendScheduled<R>(batcher: GetBatcher<R>, batch: GetBatch<R>): void {
  batcher.send(batch);
}

/** The sender's promise, or a rejected one if it threw instead. */
function sent<T>(send: () => PromiseLike<T>): PromiseLike<T> {
  try {
    return send();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Resolves with the answer to `stored`, or rejects if answering it throws. */
function settle<R>(
  resolve: (value: R) => void,
  reject: (error: unknown) => void,
  answer: (stored: Buffer | null) => R,
  stored: Buffer | null,
): void {
  let value: R;
  try {
    value = answer(stored);
  } catch (error) {
    reject(error);
    return;
  }
  resolve(value);
}
