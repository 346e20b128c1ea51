import { Identity1764150000000 } from './1764150000000-identity';
import { Ledger1764200000000 } from './1764200000000-ledger';
import { Inventory1764300000000 } from './1764300000000-inventory';
import { Holdings1764400000000 } from './1764400000000-holdings';
import { Provisions1764500000000 } from './1764500000000-provisions';
import { ProvisionRuleRetirement1764600000000 } from './1764600000000-provision-rule-retirement';
import { HoldingsKeyringAndSweeps1764730000000 } from './1764730000000-holdings-keyring-and-sweeps';

/** Every migration, oldest first; the only way the schema changes. */
export const MIGRATIONS = [
  Identity1764150000000,
  Ledger1764200000000,
  Inventory1764300000000,
  Holdings1764400000000,
  Provisions1764500000000,
  ProvisionRuleRetirement1764600000000,
  HoldingsKeyringAndSweeps1764730000000,
];
