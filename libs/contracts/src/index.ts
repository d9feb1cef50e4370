export * from './lib/scopes';
export * from './lib/message-patterns';
export * from './lib/queues';
export * from './lib/job-payloads';
export * from './lib/perf-report';
export * from './lib/cache-dto';
