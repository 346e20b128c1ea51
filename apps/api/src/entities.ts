import { IDENTITY_ENTITIES } from '@daicho/identity';
import { INVENTORY_ENTITIES } from '@daicho/inventory';
import { HOLDINGS_ENTITIES } from '@daicho/holdings';

/** Every table the server maps, composed from the libraries. */
export const ENTITIES = [...IDENTITY_ENTITIES, ...INVENTORY_ENTITIES, ...HOLDINGS_ENTITIES];
