/** Injection token of the worker's {@link WorkerConfig} (the service's config plus its own settings). */
export const WORKER_CONFIG = Symbol.for('hotpath.optimization-worker.config');
