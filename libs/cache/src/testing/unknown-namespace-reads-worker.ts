// Child process of tiered-cache.unknown-namespaces.int-spec.ts, started with --expose-gc so that it
// can measure its heap after a full collection: one cache instance on a real Redis makes rounds of
// reads of namespaces nobody wrote, and reports its heap, the namespaces and statistics rows it
// holds and the label sets on its /metrics after each round.
import { MetricsRegistry } from '@hotpath/telemetry';
import { bindCacheMetrics } from '../lib/stats/bind-cache-metrics';
import { startCacheNode } from './cache-node';

export interface UnknownReadsSetup {
  redisUrl: string;
  keyPrefix: string;
  channel: string;
  /** Distinct unknown namespaces read per round. */
  reads: number;
  /** Namespaces written after the last round, to show what holding namespaces costs. */
  writes: number;
}

export interface Footprint {
  heapBytes: number;
  namespaces: number;
  statisticsRows: number;
  metricLabelSets: number;
}

export interface UnknownReadsReport {
  /** After a warm-up round, then after each measured round, then after the writes. */
  rounds: Footprint[];
  afterWrites: Footprint;
  answered: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

process.once('message', (setup: UnknownReadsSetup) => {
  void run(setup).then(
    (report) => process.send?.(report, () => process.exit(0)),
    (error: unknown) => process.send?.({ error: String(error) }, () => process.exit(1)),
  );
});

async function run(setup: UnknownReadsSetup): Promise<UnknownReadsReport> {
  if (!gc) throw new Error('start this worker with --expose-gc');
  const node = await startCacheNode({ ...setup, policies: [] });
  const metrics = new MetricsRegistry({ serviceName: 'unknown-reads', collectDefaultMetrics: false });
  bindCacheMetrics(metrics, node.cache.statistics);
  const footprint = async (): Promise<Footprint> => {
    const labelSets = new Set((await metrics.metrics()).split('\n').filter((line) => line.includes('{')));
    gc();
    gc();
    return {
      heapBytes: process.memoryUsage().heapUsed,
      namespaces: node.cache.usage().namespaces,
      statisticsRows: node.cache.statistics.size,
      metricLabelSets: labelSets.size,
    };
  };
  let answered = 0;
  const round = async (name: string): Promise<void> => {
    for (let start = 0; start < setup.reads; start += 100) {
      const batch = Array.from({ length: 100 }, (_, i) => `${name}-${start + i}`);
      const hits = await Promise.all(
        batch.map(async (namespace, i) => {
          node.cache.policyOf(namespace);
          node.cache.hotKeys(namespace, 10);
          return i % 2 === 0
            ? node.cache.get(namespace, 'k')
            : (await node.cache.mget(namespace, ['k', 'j'])).get('k');
        }),
      );
      answered += hits.filter((hit) => hit === undefined).length;
    }
  };
  try {
    const rounds: Footprint[] = [];
    await round('warm-up');
    rounds.push(await footprint());
    for (const name of ['first', 'second']) {
      await round(name);
      rounds.push(await footprint());
    }
    for (let i = 0; i < setup.writes; i++) await node.cache.set(`written-${i}`, 'k', i);
    const afterWrites = await footprint();
    for (let i = 0; i < setup.writes; i++) await node.cache.clear(`written-${i}`);
    return { rounds, afterWrites, answered };
  } finally {
    await node.close();
  }
}
