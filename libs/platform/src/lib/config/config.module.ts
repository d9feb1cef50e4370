import { type DynamicModule, Module } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from './service-config';

/** Makes the app's typed config injectable everywhere as `@Inject(SERVICE_CONFIG)`. */
@Module({})
export class ServiceConfigModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: ServiceConfigModule,
      global: true,
      providers: [{ provide: SERVICE_CONFIG, useValue: config }],
      exports: [SERVICE_CONFIG],
    };
  }
}
