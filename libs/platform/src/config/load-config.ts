import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig } from './app-config';

/** Raised when the environment holds a value the server cannot run with; the message is one line. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the settings; empty strings count as unset so `PORT= npm start` is fine. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defaults = new AppConfig();
  const known = Object.keys(defaults).concat([
    'DATABASE_URL',
    'GRAPHQL_INTROSPECTION',
    'LEDGER_SIGNING_KEY_FILE',
    'LEDGER_PSEUDONYM_KEY_FILE',
    'LEDGER_CHECKPOINT_LOG',
    'HOLDINGS_MASTER_KEY_FILE',
    'HOLDINGS_INDEX_KEY_FILE',
    'HOLDINGS_ERASURE_JOURNAL_FILE',
  ]);
  const raw: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const [error] = validateSync(config, { forbidUnknownValues: true });
  if (error) {
    const reason = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
    // class-validator starts its messages with the property name; keep only the reason.
    throw new ConfigError(error.property, reason.replace(new RegExp(`^${error.property}\\s*`), ''));
  }
  return config;
}
