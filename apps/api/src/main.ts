import 'reflect-metadata';
import { InitialAdminService } from '@daicho/identity';
import { LedgerKeys } from '@daicho/ledger';
import { MIGRATIONS } from '@daicho/migrations';
import {
  ConfigError,
  createDataSource,
  loadConfig,
  Readiness,
  runMigrations,
  startEmbeddedDatabase,
  type AppConfig,
  type EmbeddedDatabase,
} from '@daicho/platform';
import { createApiApp } from './create-app';
import { ENTITIES } from './entities';

function say(line: string): void {
  process.stdout.write(`[daicho] ${line}\n`);
}

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  let embedded: EmbeddedDatabase | undefined;
  if (!config.DATABASE_URL) {
    say(`starting embedded PostgreSQL in ${config.DAICHO_DATA_DIR}/postgres ...`);
    embedded = await startEmbeddedDatabase({ dataDir: config.DAICHO_DATA_DIR });
  }
  const stopDatabase = async () => embedded?.stop();
  try {
    const dataSource = createDataSource({
      url: config.DATABASE_URL ?? embedded!.url,
      entities: ENTITIES,
      migrations: MIGRATIONS,
    });
    await dataSource.initialize();
    const applied = await runMigrations(dataSource);
    if (applied.length) say(`applied migrations: ${applied.join(', ')}`);

    const app = await createApiApp({ config, dataSource });
    const keys = app.get(LedgerKeys);
    say(`ledger checkpoints are signed with ${keys.verifierKey}`);
    say(
      `  key fingerprint ${keys.fingerprint}; checkpoints also go to ${config.ledgerCheckpointLog}`,
    );
    const admin = await app.get(InitialAdminService).ensureInitialAdmin();
    await app.listen(config.PORT, config.HOST);
    const origin = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
    const url = `${origin}/graphql`;
    say(`GraphQL API ready at ${url}`);
    if (config.CONSOLE_ENABLED)
      say(`web console at ${origin}/console/ (sign in with e-mail and password)`);
    if (admin) {
      say('No user existed, so an initial administrator was created. Shown only this once:');
      say(`  e-mail:   ${admin.email}`);
      say(`  password: ${admin.oneTimePassword}`);
      say(
        `Log in with: curl -s ${url} -H 'content-type: application/json' -d '{"query":"mutation { login(input: {email: \\"${admin.email}\\", password: \\"<password>\\"}) { token mustChangePassword } }"}'`,
      );
      say('then change the password (changePassword) before anything else.');
    }

    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      say(`${signal} received: finishing in-flight requests, then stopping.`);
      // Not ready from now on (load balancers stop sending), still serving for SHUTDOWN_DELAY_MS;
      // then Nest stops accepting, drains the HTTP server and closes the pool; the database last.
      app.get(Readiness).drain();
      new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DELAY_MS))
        .then(() => {
          // A request that never finishes must not keep the server from stopping.
          setTimeout(() => {
            process.stderr.write(
              `shutdown: requests still in flight after ${config.SHUTDOWN_TIMEOUT_MS} ms; exiting (their transactions roll back)\n`,
            );
            void stopDatabase().finally(() => process.exit(1));
          }, config.SHUTDOWN_TIMEOUT_MS).unref();
          return app.close();
        })
        .then(stopDatabase)
        .then(() => process.exit(0))
        .catch((error: unknown) => {
          process.stderr.write(`shutdown failed: ${String(error)}\n`);
          process.exit(1);
        });
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
  } catch (error) {
    await stopDatabase();
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Daicho failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
