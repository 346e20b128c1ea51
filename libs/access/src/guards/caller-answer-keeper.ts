import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import {
  AnswerKeeper,
  AppConfig,
  ChangeFeed,
  NotifiedCache,
  type ChangeChannel,
  type KeptAnswerSlot,
  type KeptQuery,
} from '@daicho/platform';
import type { FormattedExecutionResult } from 'graphql';
import type { RequestWithContext } from '../context/http-request';
import { AccessGuard, type HandlerTargets } from './access.guard';
import { KEPT_ANSWER } from './kept-answer.decorator';
import { RESOLVER_NAME, RESOLVER_TYPE } from './operation-policy-check';

interface KeptField {
  operation: string;
  targets: HandlerTargets;
  channel: ChangeChannel;
}

/** Kept answers at most (least recently used go first); a catalog answer is tens of kilobytes. */
const MAX_ANSWERS = 500;

/**
 * Keeps the answers of queries marked @KeptAnswer, per caller (kind, role, id, scopes) and exact
 * query (text, operation name, variables), so that the catalog every console page and
 * integration asks for is not executed anew field by field each time. A kept answer is given only
 * to a caller the guard lets through for every root field right now (a fresh session check,
 * password change, second step, role); anyone else's query runs, and the guard refuses and
 * records as before.
 */
@Injectable()
export class CallerAnswerKeeper extends AnswerKeeper implements OnApplicationBootstrap {
  private readonly fields = new Map<string, KeptField>();
  private readonly answers = new Map<ChangeChannel, NotifiedCache<FormattedExecutionResult>>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly guard: AccessGuard,
    private readonly feed: ChangeFeed,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method] as () => unknown;
        const channel = this.reflector.get<ChangeChannel | undefined>(KEPT_ANSWER, handler);
        if (!channel) continue;
        const where = `${instance.constructor.name}.${method}`;
        if (this.reflector.get(RESOLVER_TYPE, handler) !== 'Query')
          throw new Error(`@KeptAnswer marks queries only, not ${where}`);
        const name = this.reflector.get<string | undefined>(RESOLVER_NAME, handler) ?? method;
        this.fields.set(name, {
          operation: `Query.${name}`,
          targets: [handler, instance.constructor],
          channel,
        });
        if (!this.answers.has(channel))
          this.answers.set(
            channel,
            new NotifiedCache(this.feed, {
              channel,
              maxAgeMs: this.config.READ_CACHE_MS,
              maxEntries: MAX_ANSWERS,
              tagOf: () => null,
            }),
          );
      }
    }
  }

  async slotFor(query: KeptQuery): Promise<KeptAnswerSlot | null> {
    const fields: KeptField[] = [];
    for (const name of query.rootFields) {
      const field = this.fields.get(name);
      if (!field || field.channel !== (fields[0]?.channel ?? field.channel)) return null;
      fields.push(field);
    }
    const answers = fields[0] && this.answers.get(fields[0].channel);
    const req = query.req as RequestWithContext | undefined;
    if (!answers || !req?.headers) return null;
    let ctx;
    try {
      ctx = await this.guard.contextOf(req);
    } catch {
      return null; // not signed in (or the check failed): the query runs and the guard says so
    }
    for (const field of fields)
      if (this.guard.refusalOf(ctx, field.targets, field.operation, 'graphql')) return null;
    const { kind, role, id, scopes } = ctx.actor;
    const key = JSON.stringify([
      kind,
      role,
      id,
      scopes,
      query.operationName,
      query.source,
      query.variables,
    ]);
    const kept = answers.peek(key);
    if (kept) return { kind: 'kept', result: kept };
    const mark = answers.mark();
    return { kind: 'empty', keep: (result) => answers.offer(key, mark, result) };
  }
}
