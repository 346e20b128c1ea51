import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '@daicho/platform';
import { MFA_STEP, POLICY, SELF_SERVICE } from './policy.decorators';
import { RESOLVER_TYPE, RESOLVE_FIELD, providerMethods } from './provider-methods';

const DECISIONS = [IS_PUBLIC, POLICY, SELF_SERVICE, MFA_STEP];

/** Names `Class.method` of every GraphQL handler that declares neither @Public, @Policy nor @SelfService. */
export function findOperationsWithoutPolicy(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
): string[] {
  const missing: string[] = [];
  for (const { where, handler, targets } of providerMethods(discovery, scanner)) {
    const isOperation =
      reflector.get(RESOLVER_TYPE, handler) !== undefined ||
      reflector.get(RESOLVE_FIELD, handler) !== undefined;
    if (!isOperation) continue;
    const decided = DECISIONS.some(
      (key) => reflector.getAllAndOverride(key, targets) !== undefined,
    );
    if (!decided) missing.push(where);
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
