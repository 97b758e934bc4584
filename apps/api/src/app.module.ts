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
import { ExportsModule } from './exports/exports.module';
import { HealthModule } from './health/health.module';
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
          imports: [LoadersModule],
          inject: [getDataSourceToken(), LoaderRegistry],
          useFactory: (db: DataSource, loaders: LoaderRegistry) => ({
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
            // Apollo's Fastify integration passes the request itself
            context: (req: FastifyRequest) => ({ req, loaders: loaders.create(db) }),
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
      ],
      providers: [
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
