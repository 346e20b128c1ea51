import { Identity1764150000000 } from './1764150000000-identity';

/** Every migration, oldest first; the only way the schema changes. */
export const MIGRATIONS = [Identity1764150000000];
