import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActiveHealthChecker } from './active-health-checker';
import { BalancedHttpClient } from './balanced-http-client';
import { LoadBalancer } from './load-balancer';

/** A real HTTP server on 127.0.0.1:0 whose behaviour the test switches. */
interface Backend {
  id: string;
  url: string;
  mode: 'ok' | 'fail' | 'hang';
  delayMs: number;
  ready: boolean;
  hits: number;
  server: Server;
}

async function backend(id: string): Promise<Backend> {
  const self = { id, mode: 'ok', delayMs: 0, ready: true, hits: 0 } as Backend;
  self.server = createServer((request, response) => {
    if (request.url === '/health/ready') {
      response.writeHead(self.ready ? 200 : 503).end();
      return;
    }
    self.hits++;
    if (self.mode === 'hang') return;
    const answer = () => response.writeHead(self.mode === 'fail' ? 500 : 200).end(id);
    if (self.delayMs > 0) setTimeout(answer, self.delayMs);
    else answer();
  });
  self.server.listen(0, '127.0.0.1');
  await once(self.server, 'listening');
  self.url = `http://127.0.0.1:${(self.server.address() as AddressInfo).port}`;
  return self;
}

describe('BalancedHttpClient against real HTTP servers', () => {
  let backends: Backend[];

  beforeEach(async () => {
    backends = await Promise.all(['a', 'b', 'c'].map(backend));
  });

  afterEach(async () => {
    for (const { server } of backends) {
      server.closeAllConnections();
      server.close();
    }
  });

  const client = (options: Partial<ConstructorParameters<typeof LoadBalancer>[0]> = {}, attempts = 1, timeoutMs = 1_000) => {
    const balancer = new LoadBalancer({
      upstreams: backends.map(({ id, url }) => ({ id, url })),
      latencyDecayMs: 200,
      failurePenaltyMs: 20,
      outlierDetection: { consecutiveFailures: 3, baseEjectionMs: 300 },
      ...options,
    });
    return { balancer, http: new BalancedHttpClient({ balancer, timeoutMs, attempts }) };
  };

  /** Sends `n` sequential requests; returns the answering ids and statuses. */
  async function send(http: BalancedHttpClient, n: number): Promise<{ ids: string[]; statuses: number[] }> {
    const ids: string[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) {
      const response = await http.request('/work');
      statuses.push(response.status);
      ids.push(response.status === 200 ? await response.text() : (await response.text(), 'error'));
    }
    return { ids, statuses };
  }

  /** Sends requests until `backend` has answered `count` more, or fails after `withinMs`. */
  async function untilServedBy(http: BalancedHttpClient, target: Backend, count: number, withinMs: number): Promise<number> {
    const started = performance.now();
    const before = target.hits;
    let sent = 0;
    while (target.hits - before < count) {
      if (performance.now() - started > withinMs) throw new Error(`${target.id} got no traffic back within ${withinMs} ms`);
      await send(http, 1);
      sent++;
    }
    return sent;
  }

  it('moves traffic away from an upstream that starts failing and one that slows down, and back after they recover', async () => {
    const { http } = client();
    const [a, b, c] = backends;
    await send(http, 30);
    expect([a.hits, b.hits, c.hits].every((hits) => hits > 0)).toBe(true);

    // b starts failing: ejected after 3 failures in a row.
    b.mode = 'fail';
    const hitsBefore = b.hits;
    const failing = await send(http, 60);
    expect(b.hits - hitsBefore).toBeLessThanOrEqual(3);
    expect(failing.statuses.filter((status) => status === 500).length).toBe(b.hits - hitsBefore);

    // b recovers: it is re-admitted and its penalty decays, so it gets traffic again.
    b.mode = 'ok';
    await untilServedBy(http, b, 3, 5_000);

    // c slows down: its peak latency is believed at once.
    c.delayMs = 60;
    const slowBefore = c.hits;
    await send(http, 60);
    expect(c.hits - slowBefore).toBeLessThanOrEqual(3);

    // c recovers: the estimate decays, c is tried again, answers fast and is back in rotation.
    c.delayMs = 0;
    await untilServedBy(http, c, 5, 5_000);
  });

  it('abandons a hanging upstream at the timeout and, with 2 attempts, answers from another', async () => {
    const [a, b, c] = backends;
    a.mode = 'hang';
    b.mode = 'hang';
    const { http: single } = client({ upstreams: [{ id: 'a', url: a.url }] }, 1, 50);
    await expect(single.request('/work')).rejects.toMatchObject({ code: 'TIMEOUT' });
    const { http: twice } = client({ upstreams: [{ id: 'a', url: a.url }, { id: 'c', url: c.url }] }, 2, 50);
    for (let i = 0; i < 4; i++) {
      const response = await twice.request('/work');
      expect(await response.text()).toBe('c');
    }
  });

  it('takes an upstream out of rotation while active health checks fail, and back when they pass', async () => {
    const { balancer, http } = client({ outlierDetection: false });
    const checker = new ActiveHealthChecker(balancer, { unhealthyThreshold: 2, healthyThreshold: 2 });
    const [a] = backends;
    a.ready = false;
    await checker.checkAll();
    expect(balancer.upstreams[0].healthy).toBe(true); // one failure is not enough
    await checker.checkAll();
    expect(balancer.upstreams[0].healthy).toBe(false);
    const before = a.hits;
    await send(http, 20);
    expect(a.hits).toBe(before);
    a.ready = true;
    await checker.checkAll();
    await checker.checkAll();
    expect(balancer.upstreams[0].healthy).toBe(true);
    await untilServedBy(http, a, 1, 5_000);
  });
});
