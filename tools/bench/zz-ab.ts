import { StaticPolicySource, TieredCache, L1Store } from '@hotpath/cache';
async function main() {
  const N = 10000;
  const keys = Array.from({ length: N }, (_, i) => `user:${i}`);
  const c = new TieredCache({ instanceId: 'x', policies: new StaticPolicySource([{ namespace: 'b', tiers: ['l1'], ttlSeconds: 3600 }]) });
  const map = new Map<string, any>();
  const l1 = new L1Store<any>({ maxEntries: N, maxBytes: 1e9, policy: 'tinylfu' });
  for (const k of keys) { await c.set('b', k, { id: k }); map.set(k, { id: k }); l1.set(k, { id: k }, { size: 1, expiresAt: Date.now() + 1e7 }); }
  const state = (c as any).namespaces.held('b');
  const order = Uint16Array.from({ length: 65536 }, () => Math.floor(Math.random() * N));
  const subjects: Record<string, (k: string) => Promise<boolean>> = {
    map: async (k) => (await map.get(k)) !== undefined,
    l1store: async (k) => (await l1.get(k)) !== undefined,
    stateReadL1: async (k) => (await state.readL1(k, true)) !== undefined,
    lookup: async (k) => (await c.lookup('b', k)) !== undefined,
    get: async (k) => (await c.get('b', k)) !== undefined,
    resolvedMap: async (k) => (await Promise.resolve(map.get(k))) !== undefined,
  };
  const loops: Record<string, any> = {};
  const only = process.argv[2]?.split(","); for (const name of Object.keys(subjects)) if (only && !only.includes(name)) delete subjects[name];
  for (const name of Object.keys(subjects)) loops[name] = new Function(`return async function(read, keys, order, n){let h=0;for(let i=0;i<n;i++){if(await read(keys[order[i&65535]]))h++;}return h;}`)();
  for (const name of Object.keys(subjects)) await loops[name](subjects[name], keys, order, 200000);
  const res: Record<string, number[]> = {};
  for (let r = 0; r < 7; r++) for (const name of Object.keys(subjects)) {
    const t = process.hrtime.bigint(); await loops[name](subjects[name], keys, order, 200000);
    (res[name] ??= []).push(Number(process.hrtime.bigint() - t) / 200000);
  }
  for (const [n, v] of Object.entries(res)) { v.sort((a, b) => a - b); console.log(n.padEnd(14), v[3].toFixed(0), 'ns'); }
}
main();
