import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChangeFeed } from '../cache/change-feed';
import { assertSessionSettings, type SessionSettingsRow } from './session-settings';

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  // After the HTTP server has drained (Nest closes it before this hook), release the pool.
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Refuses to start on a pool whose connections lost Daicho's session settings on the way. */
@Injectable()
class SessionSettingsCheck implements OnModuleInit {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  onModuleInit(): Promise<void> {
    return assertSessionSettings((sql) => this.dataSource.query<SessionSettingsRow[]>(sql));
  }
}

/**
 * Makes an initialised DataSource injectable everywhere and closes it on shutdown; with it the
 * change feed that tells this server's caches what any server changed.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forDataSource(dataSource: DataSource): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DataSource, useValue: dataSource },
        DataSourceCloser,
        SessionSettingsCheck,
        // A change is answered once this server's copies have heard it: changesSettledPlugin for
        // GraphQL, ChangesSettledInterceptor on each controller that changes anything.
        ChangeFeed,
      ],
      exports: [DataSource, ChangeFeed],
    };
  }
}
