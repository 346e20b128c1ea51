import type { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { HandlerTargets } from './access.guard';

// @nestjs/graphql's metadata keys for Query/Mutation/Subscription and ResolveField handlers, and
// for the name an operation is given (absent: the method's name).
export const RESOLVER_TYPE = 'graphql:resolver_type';
export const RESOLVER_NAME = 'graphql:resolver_name';
export const RESOLVE_FIELD = 'graphql:resolve_property';

/** A method of a provider's instance, with what a guard's reflector reads its metadata from. */
export interface ProviderMethod {
  /** `Class.method`, for messages. */
  where: string;
  method: string;
  handler: () => unknown;
  /** The handler and its class, in the order metadata overrides (method first). */
  targets: HandlerTargets;
}

/**
 * Every method of every provider instance of the application: where the start-up checks find
 * the GraphQL handlers (by their metadata) to see what guards them.
 */
export function* providerMethods(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
): Generator<ProviderMethod> {
  for (const wrapper of discovery.getProviders()) {
    const instance: unknown = wrapper.instance;
    if (!instance || typeof instance !== 'object') continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const method of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[method] as () => unknown;
      yield {
        where: `${instance.constructor.name}.${method}`,
        method,
        handler,
        targets: [handler, instance.constructor as () => unknown],
      };
    }
  }
}
