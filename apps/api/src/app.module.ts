import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../ormconfig';
import { AuditService } from './audit/audit.service';
import { AuthResolver } from './auth/auth.resolver';
import { AuthService } from './auth/auth.service';
import { LocalStrategy } from './auth/local.strategy';
import { JwtAuthGuard, RolesGuard } from './common/auth/guards';
import { JwtStrategy } from './common/auth/jwt.strategy';
import { APP_CONFIG, type AppConfig } from './common/config/config';
import { formatGraphQLError } from './common/graphql/errors';
import { AllExceptionsFilter } from './common/graphql/exception.filter';
import { createLoaders } from './common/graphql/loaders';
import { HealthController } from './health/health.controller';
import { ProgramsResolver } from './programs/programs.resolver';
import { UsersResolver } from './users/users.resolver';
import { UsersService } from './users/users.service';

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
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl), retryAttempts: 3, retryDelay: 500 }),
        PassportModule,
        JwtModule.register({}),
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
            includeStacktraceInErrorResponses: false,
            preserveHttpStatusForExecutionErrors: false,
            formatError: formatGraphQLError,
            context: ({ req }: { req: unknown }) => ({ req, loaders: createLoaders(db) }),
          }),
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        AuditService,
        AuthService,
        AuthResolver,
        JwtStrategy,
        LocalStrategy,
        UsersService,
        UsersResolver,
        ProgramsResolver,
      ],
    };
  }
}
