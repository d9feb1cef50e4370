import { type DynamicModule, Inject, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type DatabaseOptions, postgresDataSourceOptions } from './postgres-data-source-options';
import { runMigrations } from './run-migrations';

const DATABASE_OPTIONS = Symbol('hotpath.database-options');

/** Injection token of the service's DataSource, whatever its name. */
export const DATABASE_DATA_SOURCE = Symbol.for('hotpath.database.data-source');

type DatabaseModuleOptions = DatabaseOptions & { migrateOnStart: boolean };

@Injectable()
class MigrateOnStart implements OnModuleInit {
  private readonly logger = new Logger('Migrations');

  constructor(
    @Inject(DATABASE_OPTIONS) private readonly options: DatabaseModuleOptions,
    @Inject(DATABASE_DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.options.migrateOnStart) return;
    const applied = await runMigrations(this.dataSource, this.options.schema);
    if (applied.length > 0) this.logger.log(`Applied ${applied.join(', ')} in schema ${this.options.schema}`);
  }
}

/**
 * TypeORM over PostgreSQL for one service schema, migrated at start unless told otherwise. The
 * DataSource is named after the schema (so two services can share a process, as e2e tests do):
 * inject repositories with `@InjectRepository(Entity, schema)` or the DataSource as DATABASE_DATA_SOURCE.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          ...postgresDataSourceOptions(options),
          name: options.schema,
          retryAttempts: 5,
          retryDelay: 2000,
        }),
      ],
      providers: [
        { provide: DATABASE_OPTIONS, useValue: options },
        { provide: DATABASE_DATA_SOURCE, useExisting: getDataSourceToken(options.schema) },
        MigrateOnStart,
      ],
      exports: [TypeOrmModule, DATABASE_DATA_SOURCE],
    };
  }
}
