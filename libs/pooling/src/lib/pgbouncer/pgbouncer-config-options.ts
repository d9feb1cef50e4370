import type { PgBouncerDatabase } from './pgbouncer-database';
import type { PgBouncerSettings } from './pgbouncer-settings';

export interface PgBouncerConfigOptions {
  databases: PgBouncerDatabase[];
  /** Overrides of {@link PGBOUNCER_DEFAULTS}. */
  settings?: Partial<PgBouncerSettings>;
}
