import { IDENTITY_ENTITIES } from '@daicho/identity';

/** Every table the server maps, composed from the libraries. */
export const ENTITIES = [...IDENTITY_ENTITIES];
