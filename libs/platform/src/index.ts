// Auth
export * from './lib/auth/api-key-record';
export * from './lib/auth/api-key-registry';
export * from './lib/auth/api-key.guard';
export * from './lib/auth/api-principal';
export * from './lib/auth/assert-namespace-allowed';
export * from './lib/auth/auth.errors';
export * from './lib/auth/auth.module';
export * from './lib/auth/auth.options';
export * from './lib/auth/http-authenticator';
export * from './lib/auth/namespace-grant';
export * from './lib/auth/principal-of';
export * from './lib/auth/public.decorator';
export * from './lib/auth/require-scopes.decorator';
export * from './lib/auth/rpc-caller-context';
// Config
export * from './lib/config/config.error';
export * from './lib/config/env-fields';
export * from './lib/config/load-config-or-exit';
export * from './lib/config/load-service-config';
export * from './lib/config/parse-env';
export * from './lib/config/service-config';
// Database
export * from './lib/database/database.module';
export * from './lib/database/postgres-data-source-options';
export * from './lib/database/run-migrations';
// Errors
export * from './lib/errors/app-error';
export * from './lib/errors/error-kind';
export * from './lib/errors/error-mapping';
export * from './lib/errors/field-error';
export * from './lib/errors/parse-input';
export * from './lib/errors/platform-error-codes';
export * from './lib/errors/problem-details';
export * from './lib/errors/problem-details.filter';
export * from './lib/errors/send-problem';
export * from './lib/errors/rpc-error.filter';
export * from './lib/errors/transport-error.filter';
export * from './lib/errors/validation.error';
// Health
export * from './lib/health/health.module';
export * from './lib/health/health.options';
export * from './lib/health/readiness-check';
// HTTP
export * from './lib/http/create-http-app';
export * from './lib/http/request-id';
export * from './lib/http/start-service';
// Logging
export * from './lib/logging/logging.module';
export * from './lib/logging/redact-paths';
// Rate limiting
export * from './lib/rate-limit/leased-rate-limiter';
export * from './lib/rate-limit/rate-limit';
export * from './lib/rate-limit/rate-limit-fallback.metric';
export * from './lib/rate-limit/rate-limited.error';
export * from './lib/rate-limit/redis-rate-limiter';
// Redis
export * from './lib/redis/redis-connection-options';
export * from './lib/redis/create-redis-client';
export * from './lib/redis/redis-clients.module';
export * from './lib/config/config.module';
export * from './lib/http/run-http-service';
export * from './lib/service/platform.module';
// HTTP compression
export * from './lib/http/compression/compression-event';
export * from './lib/http/compression/compression.options';
export * from './lib/http/compression/content-coding';
export * from './lib/http/compression/install-compression';
export * from './lib/http/compression/is-compressible';
export * from './lib/http/compression/negotiate-encoding';
// HTTP OpenAPI
export * from './lib/http/openapi/api-key-protected';
export * from './lib/http/openapi/api-problem-response';
export * from './lib/http/openapi/api-query-from';
export * from './lib/http/openapi/install-openapi';
export * from './lib/http/openapi/json-schema-of';
export * from './lib/http/openapi/openapi-bearer-scheme';
export * from './lib/http/openapi/openapi.options';
export * from './lib/http/openapi/problem-details.schema';
export * from './lib/http/native-route';
export * from './lib/http/raw-lane';
export * from './lib/http/raw-header';
export * from './lib/logging/request-context';
