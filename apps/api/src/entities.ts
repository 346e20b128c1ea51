import { IDENTITY_ENTITIES } from '@daicho/identity';
import { INVENTORY_ENTITIES } from '@daicho/inventory';

/** Every table the server maps, composed from the libraries. */
export const ENTITIES = [...IDENTITY_ENTITIES, ...INVENTORY_ENTITIES];
