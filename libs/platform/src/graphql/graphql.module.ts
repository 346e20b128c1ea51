import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { PinoLogger } from 'nestjs-pino';
import { changesSettledPlugin } from '../cache/changes-settled.plugin';
import { introspectionGatePlugin } from '../auth/introspection-gate';
import { operationGatePlugin } from '../auth/operation-gate';
import { AppConfig } from '../config/app-config';
import { formatGraphqlError } from '../errors/format-graphql-error';
import { errorLoggingPlugin } from './error-logging.plugin';
import { keptAnswersPlugin } from './kept-answers.plugin';
import { noStorePlugin } from './no-store.plugin';
import { queryLimits } from './query-limits';
import { DateTimeScalar } from './scalars';
import { textRulePlugin } from './text-rule.plugin';

/**
 * Apollo with every option set explicitly, never left to NODE_ENV
 * defaults: no batching, CSRF prevention, no stack traces or suggestions,
 * no automatic persisted queries, and limits on aliases, depth, tokens, directives and cost
 * (query-limits.ts), the one text rule and the one DateTime scalar.
 */
@Module({})
export class GraphqlApiModule {
  static forRoot(): DynamicModule {
    return {
      module: GraphqlApiModule,
      imports: [
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [AppConfig, PinoLogger, ModuleRef],
          useFactory: (config: AppConfig, logger: PinoLogger, moduleRef: ModuleRef) => {
            const limits = queryLimits();
            return {
              path: '/graphql',
              autoSchemaFile: true,
              // One DateTime scalar for every Date field (strict ISO-8601, years PostgreSQL stores).
              buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
              // Guards run on @ResolveField handlers too, so a nested field cannot bypass its policy.
              fieldResolverEnhancers: ['guards'],
              sortSchema: true,
              // Always on for Apollo; the gate below refuses anonymous callers where it is off.
              introspection: true,
              playground: false,
              validationRules: limits.validationRules,
              plugins: [
                // Apollo installs cache-control hints by default, a wrapper around every field's
                // resolver; no answer here may be cached at all (noStorePlugin says so once).
                ApolloServerPluginCacheControlDisabled(),
                noStorePlugin(),
                ...limits.plugins,
                textRulePlugin(),
                introspectionGatePlugin(config.introspectionEnabled, moduleRef),
                operationGatePlugin(moduleRef),
                // After every check of the request; the guard's own decision is made inside.
                keptAnswersPlugin(moduleRef),
                config.introspectionEnabled
                  ? ApolloServerPluginLandingPageLocalDefault({ embed: false })
                  : ApolloServerPluginLandingPageDisabled(),
                errorLoggingPlugin(logger.logger),
                changesSettledPlugin(moduleRef),
              ],
              includeStacktraceInErrorResponses: false,
              hideSchemaDetailsFromClientErrors: true,
              allowBatchedHttpRequests: false,
              csrfPrevention: true,
              persistedQueries: false,
              cache: 'bounded',
              formatError: formatGraphqlError,
              context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
            };
          },
        }),
      ],
    };
  }
}
