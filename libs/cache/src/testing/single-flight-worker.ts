// Child process of tiered-cache.processes.int-spec.ts: one cache instance that, on "go", runs
// `concurrency` getOrLoad calls on one cold key and reports the values it got.
import { Redis } from 'ioredis';
import { startCacheNode } from './cache-node';

interface Go {
  counterKey: string;
  key: string;
  concurrency: number;
}

interface Setup {
  redisUrl: string;
  keyPrefix: string;
  channel: string;
}

// First message: connect (cache node and counter) and answer "ready"; second: run the loads.
process.once('message', (setup: Setup) => {
  void connect(setup).then((run) =>
    process.once('message', (go: Go) => {
      void run(go).then(
        (values) => process.send?.({ values }, () => process.exit(0)),
        (error: unknown) => process.send?.({ error: String(error) }, () => process.exit(1)),
      );
    }),
  );
});

async function connect(setup: Setup): Promise<(go: Go) => Promise<unknown[]>> {
  const counter = new Redis(setup.redisUrl);
  const node = await startCacheNode({
    redisUrl: setup.redisUrl,
    keyPrefix: setup.keyPrefix,
    channel: setup.channel,
    policies: [{ namespace: 'stampede', ttlSeconds: 60 }],
  });
  process.send?.('ready');
  return (go) => run(go, node, counter);
}

async function run(
  go: Go,
  node: Awaited<ReturnType<typeof startCacheNode>>,
  counter: Redis,
): Promise<unknown[]> {
  const loader = async () => {
    const call = await counter.incr(go.counterKey);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return `loaded-by-call-${call}`;
  };
  try {
    const hits = await Promise.all(
      Array.from({ length: go.concurrency }, () => node.cache.getOrLoad('stampede', go.key, loader)),
    );
    return hits.map((hit) => hit.value);
  } finally {
    await node.close();
    counter.disconnect();
  }
}
