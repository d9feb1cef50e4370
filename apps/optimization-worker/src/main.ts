import { bootstrapService } from '@hotpath/telemetry';
import { loadWorkerConfig, type WorkerConfig } from './config';

// The HTTP listener serves only /health/* and /metrics; the work comes from BullMQ.
let config: WorkerConfig;
bootstrapService({
  loadConfig: () => (config = loadWorkerConfig(process.env)),
  loadModule: (_serviceConfig, telemetry) =>
    import(/* webpackMode: "eager" */ './app.module').then(({ AppModule }) => AppModule.forRoot(config, telemetry)),
});
