import { Counter, register, type Registry } from 'prom-client';

export type RateLimitFallbackReason = 'timeout' | 'error';

export const RATE_LIMIT_FALLBACK_METRIC = 'hotpath_rate_limit_fallback_total';

/**
 * `hotpath_rate_limit_fallback_total{reason="timeout"|"error"}`: requests admitted by an
 * instance's local bucket because the rate limiter's Redis did not answer in time or failed. On a
 * fleet, these are admissions beyond the fleet-wide limit's control; an alert rule watches them.
 * Registered once per registry (prom-client's global one unless the service passes its own), and
 * shared by every limiter on it.
 */
export function rateLimitFallbackCounter(registry: Registry = register): Counter<'reason'> {
  const existing = registry.getSingleMetric(RATE_LIMIT_FALLBACK_METRIC);
  if (existing) return existing as Counter<'reason'>;
  return new Counter({
    name: RATE_LIMIT_FALLBACK_METRIC,
    help: "Requests admitted by an instance's local rate-limit bucket while the limiter's Redis was unreachable, by reason.",
    labelNames: ['reason'],
    registers: [registry],
  });
}
