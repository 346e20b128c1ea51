import type { ModuleRef } from '@nestjs/core';

/**
 * A provider that another library may supply (identity's operation gate, access's answer keeper,
 * the database's change feed), looked up on first use and then kept: null in a process without it.
 * Apollo plugins are made before Nest's providers, so they cannot be injected.
 */
export function optionalProvider<T>(
  moduleRef: ModuleRef,
  token: abstract new (...args: never[]) => T,
): () => T | null {
  let looked = false;
  let found: T | null = null;
  return () => {
    if (!looked) {
      looked = true;
      try {
        found = moduleRef.get(token, { strict: false });
      } catch {
        found = null;
      }
    }
    return found;
  };
}
