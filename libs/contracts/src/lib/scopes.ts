/** API-key scopes. Every `/api/v2` route requires exactly one of these. */
export const Scopes = {
  CacheRead: 'cache:read',
  CacheWrite: 'cache:write',
  CacheAdmin: 'cache:admin',
  PerfRead: 'perf:read',
  PerfOptimize: 'perf:optimize',
  PerfProfile: 'perf:profile',
} as const;

export type Scope = (typeof Scopes)[keyof typeof Scopes];

export const ALL_SCOPES: readonly Scope[] = Object.values(Scopes);

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (ALL_SCOPES as readonly string[]).includes(value);
}
