import type { RateLimit, RateLimitDecision } from './rate-limit';
import type { RedisRateLimiter } from './redis-rate-limiter';

export interface LeasedRateLimiterOptions {
  /** How much traffic one lease covers: its size is the caller's recent rate times this (default 50 ms). */
  leaseWindowMs?: number;
  /** Injectable monotonic clock in ms (tests). */
  clock?: () => number;
}

/** A lease is topped up once this share of it is left... */
const TOP_UP_FRACTION = 0.25;
/** ...if it is this big: a caller at a low rate is charged per request, as it would be without leases. */
const MIN_TOP_UP_LEASE = 4;

interface Lease {
  /** Cells charged in Redis and not yet handed out. */
  tokens: number;
  granted: number;
  startedAt: number;
  expiresAt: number;
  /** What Redis said was left after the lease was charged. */
  remoteRemaining: number;
  resetMs: number;
  /** A refused caller is refused locally until Redis would allow it again. */
  blockedUntil: number;
  retryAfterMs: number;
  refill?: Promise<void>;
}

/**
 * The fleet-wide GCRA of {@link RedisRateLimiter}, without a Redis round trip per request: each
 * instance charges a small lease of cells in Redis (about `leaseWindowMs` of the caller's recent
 * traffic, at most that much of its limit) and hands them out locally until it is spent or expires.
 *
 * Never admits more than Redis granted: cells are charged before they are used, and an expired
 * lease's leftovers are dropped, so the fleet can only under-admit, by at most a lease and a
 * quarter per instance (a busy caller's next lease is charged while a quarter of the current one
 * is left, so that none of its requests waits for Redis). A caller at a low rate gets leases of
 * one cell: exactly the per-request behaviour.
 * A refused caller is refused locally until its `Retry-After`, so a flood costs Redis nothing.
 */
export class LeasedRateLimiter {
  private readonly leases = new Map<string, Lease>();
  private readonly windowMs: number;
  private readonly clock: () => number;

  constructor(
    private readonly remote: RedisRateLimiter,
    options: LeasedRateLimiterOptions = {},
  ) {
    this.windowMs = options.leaseWindowMs ?? 50;
    this.clock = options.clock ?? (() => performance.now());
  }

  /** A decision without awaiting when a lease or a refusal is at hand; Redis errors reject. */
  consume(name: string, limit: RateLimit): RateLimitDecision | Promise<RateLimitDecision> {
    const lease = this.leases.get(name);
    if (lease === undefined) return this.charge(name, limit);
    const now = this.clock();
    if (now < lease.blockedUntil) return refusal(lease, now);
    if (lease.tokens > 0 && now < lease.expiresAt) {
      lease.tokens--;
      if (
        lease.granted >= MIN_TOP_UP_LEASE &&
        lease.tokens <= lease.granted * TOP_UP_FRACTION &&
        !lease.refill
      ) {
        this.topUp(name, limit, lease);
      }
      return {
        allowed: true,
        retryAfterMs: 0,
        remaining: lease.remoteRemaining + lease.tokens,
        resetMs: lease.resetMs,
      };
    }
    if (lease.refill) return lease.refill.then(() => this.consume(name, limit));
    return this.charge(name, limit, lease);
  }

  /**
   * Charges the next lease while a quarter of this one is left, so that a busy caller's requests
   * never wait for Redis (a request that finds the lease spent waits for this charge, as for any
   * refill). A refusal or a Redis error changes nothing here: the request that spends the last
   * cell asks Redis itself, and is refused or fails open as usual.
   */
  private topUp(name: string, limit: RateLimit, lease: Lease): void {
    this.charge(name, limit, lease, true).catch(() => undefined);
  }

  /**
   * Charges a lease in Redis and hands its first cell to the caller; with `topUp`, adds the cells to
   * `previous` instead (nobody takes one) and leaves a refusal for the request that needs it.
   */
  private async charge(
    name: string,
    limit: RateLimit,
    previous?: Lease,
    topUp = false,
  ): Promise<RateLimitDecision> {
    const now = this.clock();
    const lease: Lease = previous ?? {
      tokens: 0,
      granted: 0,
      startedAt: now,
      expiresAt: 0,
      remoteRemaining: 0,
      resetMs: 0,
      blockedUntil: 0,
      retryAfterMs: 0,
    };
    if (!previous) this.leases.set(name, lease);
    let settle!: () => void;
    lease.refill = new Promise((resolve) => (settle = resolve));
    try {
      // Over its limit, a caller waits until a whole lease is free: it is still admitted at its
      // rate, in lease-sized steps, and its refused requests never reach Redis.
      const size = this.nextLeaseSize(lease, limit, now);
      const decision = await this.remote.consume(name, limit, size);
      const settled = this.clock();
      if (!decision.allowed) {
        if (topUp) return decision;
        lease.tokens = 0;
        lease.blockedUntil = settled + decision.retryAfterMs;
        lease.retryAfterMs = decision.retryAfterMs;
        lease.resetMs = decision.resetMs;
        return decision;
      }
      const tokens = topUp && settled < lease.expiresAt ? lease.tokens + size : size - (topUp ? 0 : 1);
      Object.assign(lease, {
        tokens,
        granted: topUp ? tokens : size,
        startedAt: settled,
        expiresAt: settled + 2 * this.windowMs,
        remoteRemaining: decision.remaining,
        resetMs: decision.resetMs,
      });
      return { ...decision, remaining: decision.remaining + lease.tokens };
    } finally {
      lease.refill = undefined;
      settle();
    }
  }

  /** The caller's rate over the last lease, times the window, within [1, the limit's share of a window]. */
  private nextLeaseSize(lease: Lease, limit: RateLimit, now: number): number {
    const ceiling = Math.max(1, Math.min(limit.burst, Math.floor((limit.perSecond * this.windowMs) / 1000)));
    if (lease.granted === 0) return 1;
    const used = lease.granted - lease.tokens;
    const elapsed = Math.max(now - lease.startedAt, 1);
    const wanted = Math.ceil((used / elapsed) * this.windowMs);
    return Math.max(1, Math.min(ceiling, wanted));
  }
}

function refusal(lease: Lease, now: number): RateLimitDecision {
  return {
    allowed: false,
    retryAfterMs: Math.max(1, Math.ceil(lease.blockedUntil - now)),
    remaining: 0,
    resetMs: lease.resetMs,
  };
}
