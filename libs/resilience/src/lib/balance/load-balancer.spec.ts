import { LoadBalancer } from './load-balancer';
import { RoundRobinStrategy } from './round-robin.strategy';

describe('LoadBalancer with passive outlier ejection', () => {
  const setup = () => {
    const clock = { now: 0 };
    const balancer = new LoadBalancer({
      upstreams: [{ url: 'http://a', id: 'a' }, { url: 'http://b', id: 'b' }, { url: 'http://c', id: 'c' }],
      strategy: new RoundRobinStrategy(),
      outlierDetection: { consecutiveFailures: 3, baseEjectionMs: 1_000, maxEjectionMs: 3_000, successesToForgive: 5 },
      clock: () => clock.now,
    });
    const [a, b] = balancer.upstreams;
    /** Sends n requests; `a` fails when `aFails`. Returns the ids picked. */
    const send = (n: number, aFails: boolean) =>
      Array.from({ length: n }, () => {
        const upstream = balancer.pick();
        balancer.release(upstream, !(aFails && upstream === a), 1);
        return upstream.id;
      });
    return { clock, balancer, a, b, send };
  };

  it('ejects after consecutive failures, re-admits after the ejection time, and ejects longer each time', () => {
    const { clock, a, send } = setup();
    expect(send(9, true).filter((id) => id === 'a')).toHaveLength(3);
    expect(a.ejectedUntil).toBe(1_000);
    expect(send(10, true)).not.toContain('a');
    clock.now = 1_000;
    expect(send(9, true).filter((id) => id === 'a')).toHaveLength(3); // back, fails again
    expect(a.ejectedUntil).toBe(1_000 + 2_000);
    clock.now = 3_000;
    send(9, true);
    expect(a.ejectedUntil).toBe(3_000 + 3_000); // capped
  });

  it('forgives past ejections after a run of successes', () => {
    const { clock, a, send } = setup();
    send(9, true);
    clock.now = 1_000;
    send(15, false); // 5 successes for a
    expect(a.ejections).toBe(0);
    send(9, true);
    expect(a.ejectedUntil).toBe(2_000); // the base time again
  });

  it('never ejects more than half of the upstreams, and panics to all when none is available', () => {
    const { balancer } = setup();
    const [a, b, c] = balancer.upstreams;
    for (const upstream of [a, b]) for (let i = 0; i < 3; i++) balancer.release((upstream.inFlight++, upstream), false, 1);
    expect(a.ejectedUntil).toBeGreaterThan(0);
    expect(b.ejectedUntil).toBe(0); // a second ejection would be 2 of 3
    for (const upstream of balancer.upstreams) upstream.healthy = false;
    expect([balancer.pick(), balancer.pick(), balancer.pick()].map((u) => u.id).sort()).toEqual(['a', 'b', 'c']);
    expect(c.inFlight).toBe(1);
  });
});
