export * from './lib/api-keys';
export * from './lib/free-port';
export * from './lib/http-client';
export * from './lib/throwaway-redis';
export * from './lib/service-process';
export * from './lib/health-report';
export * from './lib/scan-keys';
