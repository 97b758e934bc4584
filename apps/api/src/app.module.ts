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
import { createLoaders } from './common/graphql/loaders';
import { DocumentsModule } from './documents/documents.module';
import { ExportsModule } from './exports/exports.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { MailModule } from './mail/mail.module';
import { ReviewersModule } from './reviewers/reviewers.module';
import { ProgramsModule } from './programs/programs.module';
import { ProgressModule } from './progress/progress.module';
import { RoundsModule } from './rounds/rounds.module';
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
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, { statementTimeoutMs: config.dbStatementTimeoutMs }),
          retryAttempts: 3,
          retryDelay: 500,
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [getDataSourceToken()],
          useFactory: (db: DataSource) => ({
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
            context: (req: FastifyRequest) => ({ req, loaders: createLoaders(db) }),
          }),
        }),
        AuditModule,
        AuthModule,
        UsersModule,
        ProgramsModule,
        ApplicationsModule,
        JobsModule,
        MailModule,
        ReviewersModule,
        RoundsModule,
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
