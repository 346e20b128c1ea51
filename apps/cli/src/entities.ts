import { HOLDINGS_ENTITIES } from '@daicho/holdings';
import { IDENTITY_ENTITIES } from '@daicho/identity';
import { INVENTORY_ENTITIES } from '@daicho/inventory';

/**
 * Every table the operator commands map, composed from the libraries like the server's own list
 * (an app never imports another app, so each composes its own).
 */
export const ENTITIES = [...IDENTITY_ENTITIES, ...INVENTORY_ENTITIES, ...HOLDINGS_ENTITIES];
