import { checkOption } from '../errors/check-option';
import type { ActiveHealthCheckOptions } from './active-health-check-options';
import type { HealthProbe } from './health-probe';
import type { LoadBalancer } from './load-balancer';
import type { Upstream } from './upstream';

/**
 * Probes every upstream of a balancer on an interval and takes the ones that keep failing out of
 * rotation (`upstream.healthy`) until they pass again. The timer never keeps the process alive.
 */
export class ActiveHealthChecker {
  private readonly probe: HealthProbe;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly unhealthyAfter: number;
  private readonly healthyAfter: number;
  private readonly streaks = new Map<Upstream, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly balancer: LoadBalancer,
    options: ActiveHealthCheckOptions = {},
  ) {
    const path = options.path ?? '/health/ready';
    this.probe = options.probe ?? (async (upstream, signal) => (await fetchOk(`${upstream.url}${path}`, signal)));
    this.intervalMs = checkOption('healthCheck.intervalMs', options.intervalMs ?? 5_000, 1);
    this.timeoutMs = checkOption('healthCheck.timeoutMs', options.timeoutMs ?? 1_000, 1);
    this.unhealthyAfter = checkOption('healthCheck.unhealthyThreshold', options.unhealthyThreshold ?? 2, 1, Infinity, true);
    this.healthyAfter = checkOption('healthCheck.healthyThreshold', options.healthyThreshold ?? 2, 1, Infinity, true);
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.checkAll(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round: probes every upstream at once and updates `healthy`. */
  async checkAll(): Promise<void> {
    await Promise.all(this.balancer.upstreams.map((upstream) => this.check(upstream)));
  }

  private async check(upstream: Upstream): Promise<void> {
    let passed: boolean;
    try {
      passed = (await this.probe(upstream, AbortSignal.timeout(this.timeoutMs))) !== false;
    } catch {
      passed = false;
    }
    // A streak is positive for passes in a row, negative for failures in a row.
    const previous = this.streaks.get(upstream) ?? 0;
    const streak = passed ? Math.max(0, previous) + 1 : Math.min(0, previous) - 1;
    this.streaks.set(upstream, streak);
    if (upstream.healthy && -streak >= this.unhealthyAfter) upstream.healthy = false;
    else if (!upstream.healthy && streak >= this.healthyAfter) upstream.healthy = true;
  }
}

async function fetchOk(url: string, signal: AbortSignal): Promise<boolean> {
  const response = await fetch(url, { signal });
  await response.body?.cancel();
  return response.ok;
}
