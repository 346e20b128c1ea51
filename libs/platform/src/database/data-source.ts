import { DataSource, type DataSourceOptions as TypeOrmOptions } from 'typeorm';
import {
  assertSessionSettings,
  pinnedConnection,
  type SessionSettingsRow,
} from './session-settings';

export interface DataSourceOptions {
  url: string;
  entities: NonNullable<TypeOrmOptions['entities']>;
  migrations: NonNullable<TypeOrmOptions['migrations']>;
  /** Connections held open at most; small by default, the machine has two cores. */
  poolSize?: number;
  applicationName?: string;
}

/** The one way a PostgreSQL connection pool is made; schema changes only through migrations. */
export function createDataSource(options: DataSourceOptions): DataSource {
  // Every connection of the pool with Daicho's session settings (session-settings.ts).
  const connection = pinnedConnection(options.url);
  return new DataSource({
    type: 'postgres',
    url: connection.connectionString,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName: options.applicationName ?? 'daicho',
    extra: {
      max: options.poolSize ?? 10,
      // A fixed pool: a connection once opened stays (pg-pool closes one idle for 10 s by
      // default). Each new backend loads its catalog caches, compiles the triggers' PL/pgSQL and
      // prepares the intake again; reopened at every rise of the load, that stalled every call
      // for 0.3–1 s (docs/performance.md, eighth session). TCP keepalive keeps an idle connection
      // known to the firewalls between and finds one whose peer went away.
      idleTimeoutMillis: 0,
      keepAlive: true,
      keepAliveInitialDelayMillis: 60_000,
      options: connection.options,
    },
  });
}

/**
 * How to open a connection of one's own outside the pool (the sequencer's lease, the change feed,
 * the verification threads) to the same database with the same session settings.
 */
export function connectionOf(dataSource: DataSource): {
  connectionString: string;
  options: string;
} {
  const { url, extra } = dataSource.options as { url?: string; extra?: { options?: string } };
  if (url !== undefined && extra?.options !== undefined) {
    return { connectionString: url, options: extra.options };
  }
  return pinnedConnection(url ?? '');
}

/**
 * Applies pending migrations; returns the names of those applied. First checks the session
 * settings (a pooler may have dropped them): migrating under another search path would build a
 * second Daicho in another schema.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  await assertSessionSettings((sql) => dataSource.query<SessionSettingsRow[]>(sql));
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
