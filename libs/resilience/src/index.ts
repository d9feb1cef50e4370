// Errors
export * from './lib/errors/resilience-error-code';
export * from './lib/errors/resilience.error';
// Policies and composition
export * from './lib/policy/execution-context';
export * from './lib/policy/operation';
export * from './lib/policy/policy';
export * from './lib/policy/wrap';
export * from './lib/policy/pipeline';
export * from './lib/policy/pipeline-parts';
// Circuit breaker
export * from './lib/breaker/breaker-metrics';
export * from './lib/breaker/breaker-permit';
export * from './lib/breaker/call-listener';
export * from './lib/breaker/call-outcome';
export * from './lib/breaker/call-verdict';
export * from './lib/breaker/circuit-breaker';
export * from './lib/breaker/circuit-breaker-options';
export * from './lib/breaker/circuit-state';
export * from './lib/breaker/state-change-event';
export * from './lib/breaker/state-change-listener';
// Retry, timeout, bulkhead, fallback
export * from './lib/retry/decorrelated-jitter';
export * from './lib/retry/retry-event';
export * from './lib/retry/retry-options';
export * from './lib/retry/retry-policy';
export * from './lib/timeout/deadline-queue';
export * from './lib/timeout/deadline-wheel';
export * from './lib/timeout/expirable';
export * from './lib/timeout/timeout-options';
export * from './lib/timeout/timeout-policy';
export * from './lib/bulkhead/bulkhead-options';
export * from './lib/bulkhead/bulkhead-policy';
export * from './lib/fallback/fallback-options';
export * from './lib/fallback/fallback-policy';
// Rate limiting
export * from './lib/rate-limit/rate-limiter';
export * from './lib/rate-limit/token-bucket';
export * from './lib/rate-limit/token-bucket-options';
export * from './lib/rate-limit/redis-gcra-limiter';
export * from './lib/rate-limit/redis-gcra-limiter-options';
export * from './lib/rate-limit/rate-limit-options';
export * from './lib/rate-limit/rate-limit-policy';
// PostgreSQL
export * from './lib/classify/classify-pg-error';
export * from './lib/classify/is-retryable-pg-error';
export * from './lib/classify/pg-breaker-classifier';
export * from './lib/classify/pg-error-classification';
export * from './lib/classify/sql-state-of';
// Load balancing
export * from './lib/balance/active-health-check-options';
export * from './lib/balance/active-health-checker';
export * from './lib/balance/balanced-http-client';
export * from './lib/balance/balanced-http-client-options';
export * from './lib/balance/balanced-request-init';
export * from './lib/balance/balancing-strategy';
export * from './lib/balance/consistent-hash.strategy';
export * from './lib/balance/hash32';
export * from './lib/balance/health-probe';
export * from './lib/balance/least-connections.strategy';
export * from './lib/balance/load-balancer';
export * from './lib/balance/load-balancer-options';
export * from './lib/balance/outlier-detection-options';
export * from './lib/balance/outlier-detector';
export * from './lib/balance/peak-ewma';
export * from './lib/balance/peak-ewma.strategy';
export * from './lib/balance/round-robin.strategy';
export * from './lib/balance/upstream';
export * from './lib/balance/upstream-options';
export * from './lib/balance/weighted-round-robin.strategy';
// Registry, health and metrics
export * from './lib/registry/breaker-health';
export * from './lib/registry/breaker-metrics-exporter';
export * from './lib/registry/breaker-snapshot';
export * from './lib/registry/breaker-state-value';
export * from './lib/registry/resilience-registry';
export * from './lib/registry/resilience-registry-options';
// Nest
export * from './lib/nest/breaker-token';
export * from './lib/nest/inject-breaker.decorator';
export * from './lib/nest/resilience-module-options';
export * from './lib/nest/resilience.module';
