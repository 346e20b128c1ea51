import { createHash } from 'node:crypto';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  AnswerKeeper,
  AppConfig,
  ChangeFeed,
  NotifiedCache,
  type ChangeChannel,
  type KeptAnswerSlot,
  type KeptQuery,
} from '@daicho/platform';
import {
  getNamedType,
  isAbstractType,
  isObjectType,
  type FormattedExecutionResult,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import type { RequestWithContext } from '../context/http-request';
import { AccessGuard, type HandlerTargets } from './access.guard';
import { KEPT_ANSWER } from './kept-answer.decorator';
import { RESOLVER_NAME, RESOLVER_TYPE, providerMethods } from './provider-methods';

interface KeptField {
  operation: string;
  targets: HandlerTargets;
  channel: ChangeChannel;
}

/** Kept answers at most (least recently used go first); a catalog answer is tens of kilobytes. */
const MAX_ANSWERS = 500;
/**
 * And bytes at most, counted as sent: a caller decides how large an answer is (aliases repeat a
 * kept field fifteen times over), so five hundred of them are not allowed to take the memory.
 */
const MAX_ANSWER_BYTES = 32 * 2 ** 20;
/** One answer at most (the whole catalog is tens of kilobytes): one caller cannot empty the rest. */
const MAX_KEPT_ANSWER_BYTES = 2 ** 20;

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
    private readonly moduleRef: ModuleRef,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    for (const { where, method, handler, targets } of providerMethods(
      this.discovery,
      this.scanner,
    )) {
      const channel = this.reflector.get<ChangeChannel | undefined>(KEPT_ANSWER, handler);
      if (!channel) continue;
      if (this.reflector.get(RESOLVER_TYPE, handler) !== 'Query')
        throw new Error(`@KeptAnswer marks queries only, not ${where}`);
      const name = this.reflector.get<string | undefined>(RESOLVER_NAME, handler) ?? method;
      this.fields.set(name, { operation: `Query.${name}`, targets, channel });
      if (!this.answers.has(channel))
        this.answers.set(
          channel,
          new NotifiedCache(this.feed, {
            channel,
            maxAgeMs: this.config.READ_CACHE_MS,
            maxEntries: MAX_ANSWERS,
            maxBytes: {
              total: MAX_ANSWER_BYTES,
              entry: MAX_KEPT_ANSWER_BYTES,
              sizeOf: (answer) => Buffer.byteLength(JSON.stringify(answer)),
            },
            tagOf: () => null,
          }),
        );
    }
    const schema = this.schema();
    for (const name of schema ? this.fields.keys() : []) {
      const guarded = fieldsWithResolvers(schema as GraphQLSchema, name);
      if (guarded.length)
        throw new Error(
          `@KeptAnswer Query.${name} reaches fields resolved by handlers of their own, whose guards a kept answer would skip: ${guarded.join(', ')}`,
        );
    }
  }

  /** The GraphQL schema, once built; none in a process without GraphQL (the CLI). */
  private schema(): GraphQLSchema | null {
    try {
      return this.moduleRef.get(GraphQLSchemaHost, { strict: false }).schema;
    } catch {
      return null;
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
    // A digest: what a caller sends (text up to the body limit, comments the token limit does not
    // count) must not decide how much memory a kept answer's key holds.
    const key = createHash('sha256')
      .update(
        JSON.stringify([
          kind,
          role,
          id,
          scopes,
          query.operationName,
          query.source,
          query.variables,
        ]),
      )
      .digest('base64');
    const kept = answers.peek(key);
    if (kept) return { kind: 'kept', result: kept };
    const mark = answers.mark();
    return { kind: 'empty', keep: (result) => answers.offer(key, mark, result) };
  }
}

/**
 * The name of the resolver @nestjs/graphql gives a plain @Field (it reads the property; 13.x,
 * ObjectTypeDefinitionFactory.createFieldResolver). Any other resolver is a handler of the
 * application's or a field middleware: should the library rename it, every field counts as one
 * and the server refuses to start (the safe way to be wrong).
 */
const PROPERTY_READ = 'rootFieldResolver';

/**
 * The fields below a query field's type that have a resolver of their own (a @ResolveField, whose
 * guard runs per field): a kept answer would give them without it, so such a query may not be kept.
 */
export function fieldsWithResolvers(schema: GraphQLSchema, queryField: string): string[] {
  const root = schema.getQueryType()?.getFields()[queryField];
  if (!root) throw new Error(`@KeptAnswer marks Query.${queryField}, which the schema lacks`);
  const seen = new Set<string>();
  const found: string[] = [];
  const visit = (type: GraphQLNamedType) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    if (isAbstractType(type)) schema.getPossibleTypes(type).forEach(visit);
    if (!isObjectType(type)) return;
    for (const field of Object.values(type.getFields())) {
      if (field.resolve && field.resolve.name !== PROPERTY_READ)
        found.push(`${type.name}.${field.name}`);
      visit(getNamedType(field.type));
    }
  };
  visit(getNamedType(root.type));
  return found;
}
