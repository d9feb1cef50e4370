import { transportServerFor } from '@hotpath/transport';
import { bootstrapService } from '@hotpath/telemetry';
import { loadPerformanceServiceConfig } from './config';

bootstrapService({
  loadConfig: () => loadPerformanceServiceConfig(process.env),
  loadModule: (config, telemetry) =>
    import(/* webpackMode: "eager" */ './app.module').then(({ AppModule }) =>
      AppModule.forRoot(config, telemetry),
    ),
  http: { transport: transportServerFor() },
});
