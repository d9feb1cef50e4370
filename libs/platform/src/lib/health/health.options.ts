import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ReadinessCheck } from './readiness-check';

export interface HealthOptions {
  checks: ReadinessCheck[];
  /** Each check fails after this long (default 1000 ms). */
  timeoutMs?: number;
}

export const { ConfigurableModuleClass: HealthConfigurableModule, MODULE_OPTIONS_TOKEN: HEALTH_OPTIONS } =
  new ConfigurableModuleBuilder<HealthOptions>().setClassMethodName('forRoot').build();
