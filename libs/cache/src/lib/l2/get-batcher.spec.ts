import { GetBatcher, type GetSender, MAX_GET_BATCH } from './get-batcher';

/** A sender over a plain map of stored values that records what it was asked, command by command. */
function recordingSender(stored: Record<string, string>, cluster = false) {
  const commands: Array<{ kind: 'one' | 'many'; keys: string[] }> = [];
  const reply = (key: string): Buffer | null => (key in stored ? Buffer.from(stored[key]) : null);
  const sender: GetSender = {
    getOne: async (key) => {
      commands.push({ kind: 'one', keys: [key] });
      return reply(key);
    },
    getMany: async (keys) => {
      commands.push({ kind: 'many', keys: [...keys] });
      return keys.map(reply);
    },
    cluster,
  };
  return { sender, commands };
}

const asText = (stored: Buffer | null): string | undefined => stored?.toString();

describe('GetBatcher', () => {
  it('sends the reads of one tick as one MGET, in call order, and answers each caller its own key', async () => {
    const { sender, commands } = recordingSender({ a: 'A', c: 'C' });
    const batcher = new GetBatcher(sender, asText);

    const answers = await Promise.all(['a', 'b', 'c', 'a'].map((key) => batcher.get(key)));

    expect(answers).toEqual(['A', undefined, 'C', 'A']);
    expect(commands).toEqual([{ kind: 'many', keys: ['a', 'b', 'c', 'a'] }]);
  });

  it('sends a lone read as a plain GET, and reads of the next tick in a batch of their own', async () => {
    const { sender, commands } = recordingSender({ a: 'A', b: 'B' });
    const batcher = new GetBatcher(sender, asText);

    expect(await batcher.get('a')).toBe('A');
    expect(await Promise.all([batcher.get('a'), batcher.get('b')])).toEqual(['A', 'B']);

    expect(commands).toEqual([
      { kind: 'one', keys: ['a'] },
      { kind: 'many', keys: ['a', 'b'] },
    ]);
  });

  it("sends a tick's batch before the event loop turns, so it joins ioredis's auto-pipeline (setImmediate)", async () => {
    const { sender, commands } = recordingSender({ a: 'A', b: 'B' });
    const batcher = new GetBatcher(sender, asText);

    // Queued before the reads: it runs at the next turn of the event loop, as ioredis's flush would.
    const sentByTheNextTurn = new Promise((resolve) => setImmediate(() => resolve(commands.length)));
    const reading = Promise.all([batcher.get('a'), batcher.get('b')]);
    expect(commands).toEqual([]);

    expect(await sentByTheNextTurn).toBe(1);
    expect(await reading).toEqual(['A', 'B']);
  });

  it(`sends a batch as soon as it holds ${MAX_GET_BATCH} keys and starts the next`, async () => {
    const keys = Array.from({ length: MAX_GET_BATCH + 2 }, (_, i) => `k${i}`);
    const { sender, commands } = recordingSender(
      Object.fromEntries(keys.map((key) => [key, key.toUpperCase()])),
    );
    const batcher = new GetBatcher(sender, asText);

    const reading = keys.map((key) => batcher.get(key));
    // The full batch left during the calls, before the tick ended.
    expect(commands.map((command) => command.keys.length)).toEqual([MAX_GET_BATCH]);

    expect(await Promise.all(reading)).toEqual(keys.map((key) => key.toUpperCase()));
    expect(commands.map((command) => command.keys)).toEqual([
      keys.slice(0, MAX_GET_BATCH),
      keys.slice(MAX_GET_BATCH),
    ]);
  });

  it('on a cluster sends one MGET per slot and a plain GET for a key alone in its slot', async () => {
    // Hash tags put {a}1 and {a}3 in one slot, {b}2 and {b}5 in another, {c}4 in a third.
    const stored = { '{a}1': '1', '{b}2': '2', '{a}3': '3', '{c}4': '4' };
    const { sender, commands } = recordingSender(stored, true);
    const batcher = new GetBatcher(sender, asText);

    const answers = await Promise.all(
      ['{a}1', '{b}2', '{a}3', '{c}4', '{b}5'].map((key) => batcher.get(key)),
    );

    expect(answers).toEqual(['1', '2', '3', '4', undefined]);
    expect(commands).toEqual([
      { kind: 'many', keys: ['{a}1', '{a}3'] },
      { kind: 'many', keys: ['{b}2', '{b}5'] },
      { kind: 'one', keys: ['{c}4'] },
    ]);
  });

  it("rejects only the callers of the command that failed, with that command's error", async () => {
    const failure = new Error('L2 MGET did not answer');
    const sender: GetSender = {
      getOne: async (key) => Buffer.from(key),
      getMany: async (keys) => {
        if (keys.includes('{ba}d')) throw failure;
        return keys.map((key) => Buffer.from(key));
      },
      cluster: true,
    };
    const batcher = new GetBatcher(sender, asText);

    const keys = ['{ba}d', '{go}od', '{ba}t', '{go}ne'];
    const outcomes = await Promise.allSettled(keys.map((key) => batcher.get(key)));

    expect(outcomes).toEqual([
      { status: 'rejected', reason: failure },
      { status: 'fulfilled', value: '{go}od' },
      { status: 'rejected', reason: failure },
      { status: 'fulfilled', value: '{go}ne' },
    ]);
  });

  it('rejects the callers when the sender throws instead of returning a promise', async () => {
    const failure = new Error('circuit open');
    const sender: GetSender = {
      getOne: () => {
        throw failure;
      },
      getMany: () => {
        throw failure;
      },
      cluster: false,
    };
    const batcher = new GetBatcher(sender, asText);

    await expect(batcher.get('a')).rejects.toBe(failure);
    await expect(Promise.all([batcher.get('a'), batcher.get('b')])).rejects.toBe(failure);
  });

  it('rejects just the caller whose reply cannot be answered', async () => {
    const { sender } = recordingSender({ ok: 'fine', broken: 'x' });
    const batcher = new GetBatcher(sender, (stored) => {
      if (stored?.toString() === 'x') throw new Error('undecodable');
      return asText(stored);
    });

    const outcomes = await Promise.allSettled([batcher.get('ok'), batcher.get('broken')]);

    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 'fine' },
      { status: 'rejected', reason: new Error('undecodable') },
    ]);
  });
});
