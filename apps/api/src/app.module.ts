import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../ormconfig';
import { ApplicationsModule } from './applications/applications.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { JwtAuthGuard, RolesGuard } from './common/auth/guards';
import { AccessTokenVerifier } from './common/auth/access-token';
import { GraphQLError } from 'graphql';
import type { Context } from 'graphql-ws';
import type { AppConfig } from './common/config/config';
import { ConfigModule } from './common/config/config.module';
import { formatGraphQLError } from './common/graphql/errors';
import { AllExceptionsFilter } from './common/graphql/exception.filter';
import { MAX_DOCUMENT_TOKENS, queryLimits } from './common/graphql/limits';
import { LoaderRegistry, LoadersModule } from './common/graphql/loaders';
import { DocumentsModule } from './documents/documents.module';
import { ExpertsModule } from './experts/experts.module';
import { PledgesModule } from './pledges/pledges.module';
import { InvitationsModule } from './invitations/invitations.module';
import { NoticesModule } from './notices/notices.module';
import { PanelsModule } from './panels/panels.module';
import { TeamsModule } from './teams/teams.module';
import { ExportsModule } from './exports/exports.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { RetentionModule } from './retention/retention.module';
import { JobsModule } from './jobs/jobs.module';
import { MailModule } from './mail/mail.module';
import { ReviewersModule } from './reviewers/reviewers.module';
import { ProgramsModule } from './programs/programs.module';
import { ProgressModule } from './progress/progress.module';
import { RoundsModule } from './rounds/rounds.module';
import { AssignmentsModule } from './assignments/assignments.module';
import { ConflictsModule } from './conflicts/conflicts.module';
import { PeopleModule } from './people/people.module';
import { RankingModule } from './ranking/ranking.module';
import { ReviewsModule } from './reviews/reviews.module';
import { UsersModule } from './users/users.module';

type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

/** What graphql-ws hands the context function: the connection's parameters and its HTTP upgrade request. */
type WsContext = Pick<Context<Record<string, unknown> | undefined, unknown>, 'connectionParams' | 'extra'>;
const MAX_WS_DOCUMENT = 20_000;

const remoteAddress = (extra: unknown): string | undefined => {
  const socket = (extra as { request?: { socket?: { remoteAddress?: unknown } } } | undefined)?.request?.socket;
  return typeof socket?.remoteAddress === 'string' ? socket.remoteAddress : undefined;
};

/** A request-shaped object for the guards, from a graphql-ws connection. */
function wsRequest(ctx: WsContext): FastifyRequest {
  const auth = ctx.connectionParams?.authorization;
  const fake: Pick<FastifyRequest, 'headers' | 'ip'> = {
    headers: { authorization: typeof auth === 'string' ? auth : undefined },
    ip: remoteAddress(ctx.extra) ?? 'unknown',
  };
  return fake as FastifyRequest;
}

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl }: AppModuleOptions): DynamicModule {
    const production = config.nodeEnv === 'production';
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoadersModule,
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, {
            statementTimeoutMs: config.dbStatementTimeoutMs,
            poolMax: config.dbPoolMax,
            countQueries: config.countQueries,
          }),
          // each feature module registers its own entities (TypeOrmModule.forFeature)
          entities: [],
          autoLoadEntities: true,
          retryAttempts: 3,
          retryDelay: 500,
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [LoadersModule, AuthModule],
          inject: [getDataSourceToken(), LoaderRegistry, AccessTokenVerifier],
          useFactory: (db: DataSource, loaders: LoaderRegistry, tokens: AccessTokenVerifier) => ({
            // In memory; schema.gql is the committed copy, kept equal by test/schema.spec.ts.
            autoSchemaFile: true,
            sortSchema: true,
            path: '/graphql',
            introspection: !production,
            graphiql: !production,
            // production names no fields a caller got wrong ("Did you mean …?" reveals the schema)
            hideSchemaDetailsFromClientErrors: production,
            // refused before any work: a document of more tokens than any real client sends
            parseOptions: { maxTokens: MAX_DOCUMENT_TOKENS },
            includeStacktraceInErrorResponses: false,
            preserveHttpStatusForExecutionErrors: false,
            formatError: formatGraphQLError,
            validationRules: [queryLimits],
            // No cache hints are used; without this plugin Apollo wraps every field resolver to collect them.
            // (a plain marker object; typed loosely because Nest's driver types come from Apollo's ESM build)
            plugins: [ApolloServerPluginCacheControlDisabled() as ApolloPlugin],
            // Apollo's Fastify integration passes the request itself; graphql-ws its connection,
            // whose `authorization` parameter stands in for the header (the guards read it alike)
            context: (arg: FastifyRequest | WsContext) =>
              'connectionParams' in arg
                ? { req: wsRequest(arg), loaders: loaders.create(db) }
                : { req: arg, loaders: loaders.create(db) },
            // live panel meetings: graphql-ws on /graphql, only with a valid token, small documents only
            subscriptions: {
              'graphql-ws': {
                path: '/graphql',
                onConnect: async (ctx: WsContext) => Boolean(await tokens.authenticateRequest(wsRequest(ctx))),
                onSubscribe: (_ctx, _id, payload) =>
                  payload.query.length > MAX_WS_DOCUMENT
                    ? [new GraphQLError('the subscription document is too large / 订阅请求过大')]
                    : undefined,
              },
            },
          }),
        }),
        AuditModule,
        AuthModule,
        UsersModule,
        ExpertsModule,
        PledgesModule,
        NoticesModule,
        InvitationsModule,
        PanelsModule,
        TeamsModule,
        ProgramsModule,
        ApplicationsModule,
        JobsModule,
        MailModule,
        ReviewersModule,
        PeopleModule,
        RoundsModule,
        ConflictsModule,
        AssignmentsModule,
        ReviewsModule,
        RankingModule,
        ExportsModule,
        DocumentsModule,
        ProgressModule,
        HealthModule,
        MetricsModule,
        RetentionModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
