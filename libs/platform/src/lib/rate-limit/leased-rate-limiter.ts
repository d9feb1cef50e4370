import { LocalTokenBuckets } from './local-token-buckets';
import type { RateLimit, RateLimitDecision } from './rate-limit';
import type { RateLimitFallbackReason } from './rate-limit-fallback.metric';
import type { RedisRateLimiter } from './redis-rate-limiter';

export interface LeasedRateLimiterOptions {
  /** How much traffic one lease covers: its size is the caller's recent rate times this (default 50 ms). */
  leaseWindowMs?: number;
  /** How long a Redis call may take before the limiter decides locally (default and at most 100 ms). */
  redisTimeoutMs?: number;
  /** After Redis failed or timed out, how long every decision is local before Redis is asked again (default 1 s). */
  outageMs?: number;
  /** Called for each request a local bucket admits because Redis is unreachable (count it). */
  onFallbackAdmission?: (reason: RateLimitFallbackReason) => void;
  /** Called when Redis fails or times out and the limiter starts deciding locally (log it). */
  onOutage?: (reason: RateLimitFallbackReason, error: unknown) => void;
  /** Injectable monotonic clock in ms (tests). */
  clock?: () => number;
}

/** The rate limiter must never hold a request longer than this waiting for Redis. */
const MAX_REDIS_TIMEOUT_MS = 100;

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
 *
 * Redis is given {@link MAX_REDIS_TIMEOUT_MS} at most. When it fails or is late, the request is
 * decided by a token bucket of this instance with the caller's limit ({@link LocalTokenBuckets}),
 * and so is every request that would need Redis for the next `outageMs`; then Redis is asked again.
 * A Redis outage neither takes the API down nor lifts the limits, and each admission made while it
 * lasts is reported (`onFallbackAdmission`), since the fleet-wide limit no longer holds.
 */
export class LeasedRateLimiter {
  private readonly leases = new Map<string, Lease>();
  private readonly local: LocalTokenBuckets;
  private readonly windowMs: number;
  private readonly timeoutMs: number;
  private readonly outageMs: number;
  private readonly clock: () => number;
  /** While Redis is deemed unreachable: why, and until when decisions stay local. */
  private outage?: { reason: RateLimitFallbackReason; until: number };

  constructor(
    private readonly remote: RedisRateLimiter,
    private readonly options: LeasedRateLimiterOptions = {},
  ) {
    this.windowMs = options.leaseWindowMs ?? 50;
    this.timeoutMs = Math.min(options.redisTimeoutMs ?? MAX_REDIS_TIMEOUT_MS, MAX_REDIS_TIMEOUT_MS);
    this.outageMs = options.outageMs ?? 1000;
    this.clock = options.clock ?? (() => performance.now());
    this.local = new LocalTokenBuckets(this.clock);
  }

  /**
   * A decision without awaiting when a lease, a refusal or an outage is at hand; otherwise one
   * after at most `redisTimeoutMs`. Never rejects for Redis: an unreachable Redis means a local decision.
   */
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
        !lease.refill &&
        !this.inOutage(now)
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
   * refill). A refusal changes nothing here: the request that spends the last cell asks Redis
   * itself, and is refused as usual; a Redis failure starts an outage (local decisions).
   */
  private topUp(name: string, limit: RateLimit, lease: Lease): void {
    void this.chargeRemote(name, limit, lease, true);
  }

  /** A request's own charge: in Redis, or (Redis unreachable) in this instance's bucket. */
  private charge(
    name: string,
    limit: RateLimit,
    previous?: Lease,
  ): RateLimitDecision | Promise<RateLimitDecision> {
    if (this.inOutage(this.clock())) return this.decideLocally(name, limit);
    return this.chargeRemote(name, limit, previous, false).then(
      (decision) => decision ?? this.decideLocally(name, limit),
    );
  }

  /**
   * Charges a lease in Redis and hands its first cell to the caller; with `topUp`, adds the cells to
   * `previous` instead (nobody takes one) and leaves a refusal for the request that needs it.
   * Resolves to undefined when Redis did not answer (see {@link askRedis}).
   */
  private async chargeRemote(
    name: string,
    limit: RateLimit,
    previous: Lease | undefined,
    topUp: boolean,
  ): Promise<RateLimitDecision | undefined> {
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
      const decision = await this.askRedis(name, limit, size);
      if (decision === undefined) return undefined;
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

  /**
   * One GCRA call, given at most `redisTimeoutMs`: undefined when Redis fails or is late, which
   * starts (or prolongs) an outage. A late reply that lands afterwards still charged its cells in
   * Redis; the fleet then under-admits by that much, which is the safe side.
   */
  private async askRedis(
    name: string,
    limit: RateLimit,
    cells: number,
  ): Promise<RateLimitDecision | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(resolve, this.timeoutMs, 'timeout');
      timer.unref?.();
    });
    try {
      const answer = await Promise.race([this.remote.consume(name, limit, cells), late]);
      if (answer !== 'timeout') {
        this.outage = undefined;
        return answer;
      }
      this.startOutage('timeout', new Error(`Redis did not answer within ${this.timeoutMs} ms`));
    } catch (error) {
      this.startOutage('error', error);
    } finally {
      clearTimeout(timer);
    }
    return undefined;
  }

  private startOutage(reason: RateLimitFallbackReason, error: unknown): void {
    const fresh = this.outage === undefined;
    this.outage = { reason, until: this.clock() + this.outageMs };
    if (fresh) this.options.onOutage?.(reason, error);
  }

  private inOutage(now: number): boolean {
    return this.outage !== undefined && now < this.outage.until;
  }

  /** A decision of this instance's bucket, while Redis is unreachable; admissions are reported. */
  private decideLocally(name: string, limit: RateLimit): RateLimitDecision {
    const decision = this.local.take(name, limit);
    if (decision.allowed) this.options.onFallbackAdmission?.(this.outage?.reason ?? 'error');
    return decision;
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
