import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { CacheError } from '../errors/cache.error';
import type { BusGapReason } from './bus-gap-reason';
import { InvalidationBus } from './invalidation-bus';
import type { InvalidationMessage, InvalidationRequest } from './invalidation-message';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Node {
  bus: InvalidationBus;
  publisher: Redis;
  /** The `CLIENT SETNAME` of the bus's subscriber connection. */
  subscriberName: string;
  received: InvalidationMessage[];
  gaps: BusGapReason[];
}

/** Resolves with the `count`-th message `node` receives from now on. */
function nthMessage(node: Node, count: number): Promise<InvalidationMessage> {
  return new Promise((resolve) => {
    let seen = 0;
    const off = node.bus.onMessage((message) => {
      if (++seen < count) return;
      off();
      resolve(message);
    });
  });
}

/** Resolves with the value of `healthy` at the moment the next `reason` is signalled. */
function nextGap(node: Node, reason: BusGapReason): Promise<boolean> {
  return new Promise((resolve) => {
    const off = node.bus.onGap((signalled) => {
      if (signalled !== reason) return;
      off();
      resolve(node.bus.healthy);
    });
  });
}

async function clientIdsNamed(admin: Redis, name: string): Promise<string[]> {
  const list = String(await admin.call('CLIENT', 'LIST'));
  return list
    .split('\n')
    .filter((line) => line.split(' ').includes(`name=${name}`))
    .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1] ?? '');
}

describe('InvalidationBus against a real Redis', () => {
  let channel: string;
  let admin: Redis;
  let nodes: Node[];

  async function startNode(instanceId: string): Promise<Node> {
    const publisher = new Redis(REDIS_URL);
    const subscriberName = `hotpath-bus-sub-${instanceId}-${randomUUID()}`;
    const bus = new InvalidationBus({
      publisher,
      createSubscriber: () => publisher.duplicate({ connectionName: subscriberName }),
      instanceId,
      channel,
    });
    const node: Node = { bus, publisher, subscriberName, received: [], gaps: [] };
    bus.onMessage((message) => node.received.push(message));
    bus.onGap((reason) => node.gaps.push(reason));
    nodes.push(node);
    await bus.start();
    return node;
  }

  beforeEach(() => {
    channel = `test:bus:${randomUUID()}`;
    admin = new Redis(REDIS_URL);
    nodes = [];
  });

  afterEach(async () => {
    await Promise.all(nodes.map((node) => node.bus.stop()));
    nodes.forEach((node) => node.publisher.disconnect());
    admin.disconnect();
  });

  it('delivers every kind of message to the other instance exactly once, never to its sender', async () => {
    const a = await startNode('a');
    const b = await startNode('b');
    expect([a.bus.healthy, b.bus.healthy]).toEqual([true, true]);
    const requests: InvalidationRequest[] = [
      { kind: 'keys', namespace: 'users', keys: ['u:1', 'u:2'] },
      { kind: 'pattern', namespace: 'users', pattern: 'u:*' },
      { kind: 'tags', namespace: 'users', tags: ['team:7'] },
      { kind: 'namespace', namespace: 'sessions' },
    ];
    const fourth = nthMessage(b, 4);
    for (const request of requests) await a.bus.publish(request);
    await fourth;

    // One more round trip each way: anything duplicated or echoed would have arrived by then.
    const marker = nthMessage(b, 1);
    await a.bus.publish({ kind: 'namespace', namespace: 'marker' });
    await marker;
    const backMarker = nthMessage(a, 1);
    await b.bus.publish({ kind: 'namespace', namespace: 'marker' });
    await backMarker;

    expect(b.received).toEqual([
      ...requests.map((request, i) => ({ ...request, origin: a.bus.origin, seq: i + 1 })),
      { kind: 'namespace', namespace: 'marker', origin: a.bus.origin, seq: 5 },
    ]);
    expect(a.bus.origin.startsWith('a:')).toBe(true);
    expect(a.received).toEqual([{ kind: 'namespace', namespace: 'marker', origin: b.bus.origin, seq: 1 }]);
    expect([a.gaps, b.gaps]).toEqual([[], []]);
  });

  it('signals a gap once when an origin skips a sequence number', async () => {
    const b = await startNode('b');
    const raw = new Redis(REDIS_URL);
    try {
      const third = nthMessage(b, 3);
      for (const seq of [1, 3, 4]) {
        await raw.publish(
          channel,
          JSON.stringify({ kind: 'namespace', namespace: 'users', origin: 'x', seq }),
        );
      }
      await third;
    } finally {
      raw.disconnect();
    }
    expect(b.gaps).toEqual(['gap']);
    expect(b.bus.gapCount).toBe(1);
    expect(b.received.map((message) => message.seq)).toEqual([1, 3, 4]);
  });

  it('goes unhealthy when its subscriber is killed, and healthy again once resubscribed', async () => {
    const a = await startNode('a');
    const b = await startNode('b');
    const before = nthMessage(b, 1);
    await a.bus.publish({ kind: 'keys', namespace: 'users', keys: ['u:1'] });
    await before;

    const [id] = await clientIdsNamed(admin, b.subscriberName);
    expect(id).toMatch(/^\d+$/);
    const disconnected = nextGap(b, 'disconnect');
    const reconnected = nextGap(b, 'reconnect');
    await admin.call('CLIENT', 'KILL', 'ID', id);

    expect(await disconnected).toBe(false);
    expect(await reconnected).toBe(true);
    expect(b.bus.healthy).toBe(true);
    expect(b.gaps).toEqual(['disconnect', 'reconnect']);
    expect(b.bus.outageCount).toBe(1);
    const [newId] = await clientIdsNamed(admin, b.subscriberName);
    expect(newId).not.toBe(id);

    const after = nthMessage(b, 1);
    await a.bus.publish({ kind: 'tags', namespace: 'users', tags: ['t'] });
    expect(await after).toEqual({
      kind: 'tags',
      namespace: 'users',
      tags: ['t'],
      origin: a.bus.origin,
      seq: 2,
    });
    expect(b.bus.gapCount).toBe(0);
  });

  it('ignores and counts malformed messages and keeps working', async () => {
    const a = await startNode('a');
    const b = await startNode('b');
    const raw = new Redis(REDIS_URL);
    try {
      await raw.publish(channel, 'not json');
      await raw.publish(channel, JSON.stringify({ kind: 'keys', namespace: 'users' }));
    } finally {
      raw.disconnect();
    }
    const next = nthMessage(b, 1);
    await a.bus.publish({ kind: 'namespace', namespace: 'users' });

    expect(await next).toEqual({ kind: 'namespace', namespace: 'users', origin: a.bus.origin, seq: 1 });
    expect(b.received).toHaveLength(1);
    expect(b.bus.malformedCount).toBe(2);
    expect(b.bus.healthy).toBe(true);
  });

  it('starts a restarted instance over at seq 1 under a new origin, which is no gap', async () => {
    const b = await startNode('b');
    const first = await startNode('a');
    const heard = nthMessage(b, 2);
    await first.bus.publish({ kind: 'namespace', namespace: 'users' });
    await first.bus.stop();
    const restarted = await startNode('a');
    await restarted.bus.publish({ kind: 'namespace', namespace: 'users' });
    await heard;

    expect(restarted.bus.origin).not.toBe(first.bus.origin);
    expect(b.received.map(({ origin, seq }) => ({ origin, seq }))).toEqual([
      { origin: first.bus.origin, seq: 1 },
      { origin: restarted.bus.origin, seq: 1 },
    ]);
    expect(b.gaps).toEqual([]);
  });

  it('rejects, never throws, a publish while Redis is unreachable; receivers then see the hole', async () => {
    const b = await startNode('b');
    const publisher = new Redis(REDIS_URL);
    const c = new InvalidationBus({
      publisher,
      createSubscriber: () => publisher.duplicate(),
      instanceId: 'c',
      channel,
    });
    try {
      const first = nthMessage(b, 1);
      await c.publish({ kind: 'namespace', namespace: 'users' });
      await first;

      const closed = once(publisher, 'end');
      publisher.disconnect();
      await closed;
      let pending: Promise<void> | undefined;
      expect(() => {
        pending = c.publish({ kind: 'namespace', namespace: 'users' });
      }).not.toThrow();
      await expect(pending).rejects.toBeInstanceOf(CacheError);
      await expect(pending).rejects.toMatchObject({ code: 'BUS_UNAVAILABLE' });

      await publisher.connect();
      const gap = nextGap(b, 'gap');
      await c.publish({ kind: 'namespace', namespace: 'users' });
      await gap;
      expect(b.received.map((message) => message.seq)).toEqual([1, 3]);
      expect(b.bus.gapCount).toBe(1);
    } finally {
      publisher.disconnect();
    }
  });

  it('closes its subscriber connection on stop()', async () => {
    const a = await startNode('a');
    expect(await clientIdsNamed(admin, a.subscriberName)).toHaveLength(1);
    await a.bus.stop();
    expect(a.bus.healthy).toBe(false);
    expect(await clientIdsNamed(admin, a.subscriberName)).toEqual([]);
  });
});
