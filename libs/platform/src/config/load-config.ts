import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { AppConfig } from './app-config';
import { parseAllowedHosts } from './webhook-hosts';

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

/**
 * Every variable AppConfig declares, read from the class itself: those with a default are own
 * properties of an instance; an optional one (`@IsOptional()`, no default) exists only in its
 * validation rules. A new setting is therefore read as soon as it is declared, never forgotten.
 */
export function configVariables(): string[] {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(AppConfig, '', false, false)
    .map((rule) => rule.propertyName);
  return [...new Set([...Object.keys(new AppConfig()), ...validated])];
}

/** Reads and validates the settings; empty strings count as unset so `PORT= npm start` is fine. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of configVariables()) {
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
  try {
    parseAllowedHosts(config.WEBHOOK_ALLOWED_HOSTS);
  } catch (problem) {
    throw new ConfigError(
      'WEBHOOK_ALLOWED_HOSTS',
      `must be host[:port] entries separated by commas, each optionally prefixed http: (${(problem as Error).message})`,
    );
  }
  // Single sign-on is all or nothing: half a configuration would fail only at the first sign-in.
  const sso = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_REDIRECT_URL'] as const;
  const missing = sso.filter((key) => !config[key]);
  if (missing.length > 0 && missing.length < sso.length)
    throw new ConfigError(missing[0] ?? 'OIDC_ISSUER', `must be set with ${sso.join(', ')}`);
  return config;
}
