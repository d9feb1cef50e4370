import { bootstrapService } from '@hotpath/telemetry';
import { loadWorkerConfig } from './config';

// The HTTP listener serves only /health/* and /metrics; the work comes from BullMQ.
bootstrapService({
  loadConfig: () => loadWorkerConfig(process.env),
  loadModule: (config, telemetry) =>
    import(/* webpackMode: "eager" */ './app.module').then(({ AppModule }) =>
      AppModule.forRoot(config, telemetry),
    ),
});
