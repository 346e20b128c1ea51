import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MIGRATIONS } from '@daicho/migrations';
import {
  ConfigError,
  DomainError,
  createDataSource,
  loadConfig,
  runMigrations,
  startEmbeddedDatabase,
} from '@daicho/platform';
import { ENTITIES } from './entities';
import { CliModule } from './cli.module';
import { inventoryExport } from './commands/inventory-commands';
import { erasuresReplay } from './commands/erasure-commands';
import { keysRotate } from './commands/key-commands';
import { provisionsExport } from './commands/provision-commands';
import { ledgerExport } from './commands/ledger-commands';
import { requestsDue } from './commands/request-commands';
import { retentionRun } from './commands/retention-commands';
import { userCreate, userList } from './commands/user-commands';

const USAGE = `Daicho operator commands (same database as \`npm start\`):
  npm run cli -- user:create --email <email> --role <ADMIN|CPO|AUDITOR|HR|SALES|SUPPORT|FACILITIES>
                             [--display-name <name>] [--department <dept>] [--generate-password]
      Prompts for the initial password on a terminal; otherwise generates one and prints it once.
  npm run cli -- user:list
  npm run cli -- ledger:export --out FILE [--from SEQ] [--to SEQ]
      Writes an evidence bundle (up to the latest signed checkpoint by default) that
      tools/verify-ledger.js checks offline.
  npm run cli -- inventory:export --out FILE [--format xlsx|csv] [--lang ja|en]
      The personal information management ledger (default xlsx, Japanese).
  npm run cli -- retention:run [--dry-run]
      Disposes of (crypto-shreds) every record past its retention; --dry-run only lists them.
  npm run cli -- keys:rotate
      A new holdings master key: re-wraps every data key, then retires the old master key.
  npm run cli -- provisions:export --out FILE [--format xlsx|csv] [--lang ja|en] [--from DATE] [--to DATE]
      The third-party provision and receipt records (APPI arts. 29–30), hand-offs in the range.
  npm run cli -- requests:due [--within N]
      Open requests from persons whose internal target or art. 39 date falls within N business
      days (default 3) or has passed, soonest first (numbers and dates only).
  npm run cli -- erasures:replay
      After restoring the database from a backup: erases again every subject the erasure
      journal lists (every start does this too) and reports what it found.`;

type Options = Parameters<typeof userCreate>[1] &
  Parameters<typeof ledgerExport>[1] &
  Parameters<typeof inventoryExport>[1] &
  Parameters<typeof retentionRun>[1] &
  Parameters<typeof provisionsExport>[1] &
  Parameters<typeof requestsDue>[1];

/** One table of commands, so the usage check and the dispatch cannot disagree. */
const COMMANDS: Record<string, (app: INestApplicationContext, options: Options) => Promise<void>> =
  {
    'user:create': userCreate,
    'user:list': (app) => userList(app),
    'ledger:export': ledgerExport,
    'inventory:export': inventoryExport,
    'retention:run': retentionRun,
    'keys:rotate': (app) => keysRotate(app),
    'erasures:replay': (app) => erasuresReplay(app),
    'provisions:export': provisionsExport,
    'requests:due': requestsDue,
  };

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      'display-name': { type: 'string' },
      department: { type: 'string' },
      'generate-password': { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      lang: { type: 'string' },
      'dry-run': { type: 'boolean' },
      within: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  const run = command && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (values.help || !run) {
    console.log(USAGE);
    return values.help ? 0 : 64;
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedDatabase({ dataDir: config.DAICHO_DATA_DIR });
  const dataSource = createDataSource({
    url: config.DATABASE_URL ?? embedded!.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    poolSize: 2,
  });
  try {
    await dataSource.initialize();
    await runMigrations(dataSource);
    const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, dataSource), {
      logger: false,
    });
    try {
      await run(app, values);
    } finally {
      await app.close();
    }
    return 0;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

main().then(
  // A stop asked for while an export was being recorded (output-file.ts) set the exit status.
  (code) => process.exit(code === 0 ? (process.exitCode ?? 0) : code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DomainError) {
      console.error(error.message);
      process.exit(error instanceof ConfigError ? 78 : 65);
    }
    console.error(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
