export * from './lib/sql-session';
export * from './lib/analysis.error';
export * from './lib/query-analyzer';
export * from './lib/report/recommendation';
export * from './lib/report/query-analysis-report';
export * from './lib/statements/top-statement';
export * from './lib/candidates/candidate-index';
