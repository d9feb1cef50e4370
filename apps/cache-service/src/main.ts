import { bootstrapService } from '@hotpath/telemetry';
import { CompressionSavings } from './admin/compression-savings';
import { loadCacheServiceConfig } from './config';
import { cacheServiceHttpOptions } from './http-options';

const compression = new CompressionSavings();

bootstrapService({
  loadConfig: () => loadCacheServiceConfig(process.env),
  loadModule: (config, telemetry) =>
    import(/* webpackMode: "eager" */ './app.module').then(({ AppModule }) =>
      AppModule.forRoot(config, telemetry, compression),
    ),
  http: cacheServiceHttpOptions(compression),
});
