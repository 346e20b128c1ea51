import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '@daicho/platform';
import { MFA_STEP, POLICY, SELF_SERVICE } from './policy.decorators';

// @nestjs/graphql's metadata keys for Query/Mutation/Subscription and ResolveField handlers, and
// for the name an operation is given (absent: the method's name).
export const RESOLVER_TYPE = 'graphql:resolver_type';
export const RESOLVER_NAME = 'graphql:resolver_name';
const RESOLVE_FIELD = 'graphql:resolve_property';
const DECISIONS = [IS_PUBLIC, POLICY, SELF_SERVICE, MFA_STEP];

/** Names `Class.method` of every GraphQL handler that declares neither @Public, @Policy nor @SelfService. */
export function findOperationsWithoutPolicy(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
): string[] {
  const missing: string[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance: unknown = wrapper.instance;
    if (!instance || typeof instance !== 'object') continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as () => unknown;
      const isOperation =
        reflector.get(RESOLVER_TYPE, handler) !== undefined ||
        reflector.get(RESOLVE_FIELD, handler) !== undefined;
      if (!isOperation) continue;
      const targets = [handler, instance.constructor];
      const decided = DECISIONS.some(
        (key) => reflector.getAllAndOverride(key, targets) !== undefined,
      );
      if (!decided) missing.push(`${instance.constructor.name}.${name}`);
    }
  }
  return missing;
}

/** Refuses to start a server in which any GraphQL operation lacks an access decision. */
@Injectable()
export class OperationPolicyCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const missing = findOperationsWithoutPolicy(this.discovery, this.scanner, this.reflector);
    if (missing.length > 0) {
      throw new Error(`GraphQL operations without an access decision: ${missing.join(', ')}`);
    }
  }
}
