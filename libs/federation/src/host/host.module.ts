import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module, Type, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AuthGuard } from '../auth/auth.guard';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { LoggerModule } from 'nestjs-pino';
import { HostConfig } from '../config/host-config';
import { FederationModule } from '../federation.module';
import { HealthModule } from '../health/health.module';
import { federationMigrations } from '../migrations';
import { Registry } from '../registry/registry';
import { KeyRing } from '../transport/key-ring';
import { AppErrorFilter } from './app-error.filter';
import { formatGraphQLError } from './graphql-errors';
import { queryLimitsPlugin } from '../query-limits/query-limits.plugin';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';

/**
 * No HTTP cache hints are used; Apollo's default cache-control plugin would wrap every resolved
 * field (a roll-up page has thousands). Required through the CommonJS build while @nestjs/apollo
 * types its options with the ESM one: the same plugin, two declarations.
 */
const cacheControlDisabled = ApolloServerPluginCacheControlDisabled() as unknown as NonNullable<ApolloDriverConfig['plugins']>[number];

export interface HostModuleOptions {
  config: HostConfig;
  registry: Registry;
  keyRing: KeyRing;
  /** The feature modules this kind of host runs. */
  features: Array<Type | DynamicModule>;
  /** Their migrations, in order, after the federation's own. */
  migrations: Array<Type>;
}

/** Everything a host process shares whatever its tier: logs, database, GraphQL, health, metrics, federation. */
@Module({})
export class HostModule {
  static forRoot(options: HostModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: HostModule,
      // Global for what it exports: the built GraphQL schema (GraphQLSchemaHost), for a feature
      // that answers a hot field without Nest's per-call pipeline (see AnalyticsResolver).
      global: true,
      exports: [GraphQLModule],
      imports: [
        LoggerModule.forRoot({
          pinoHttp: { level: config.logLevel, autoLogging: false, base: { host: config.hostId, pid: process.pid } },
        }),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: config.database.url,
          // jit off: a host runs short statements, and PostgreSQL's row estimates for set-returning
          // functions (unnest, jsonb recordsets, the analytics triggers' transition tables) push
          // their costs past jit_above_cost. Compiling then took 0.3-0.5 s of a nationwide task's
          // 0.1 s insert at central and at every province.
          extra: { max: config.database.poolSize, connectionTimeoutMillis: 5_000, options: '-c jit=off' },
          autoLoadEntities: true,
          synchronize: false,
          migrations: [...federationMigrations, ...options.migrations],
          migrationsRun: true,
          migrationsTransactionMode: 'each',
          logging: ['error', 'migration'],
        }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          formatError: formatGraphQLError,
          // Depth and cost limits refuse abusive queries before any resolver runs (issue 6).
          plugins: [queryLimitsPlugin(), cacheControlDisabled],
          // Subscriptions (graphql-ws) carry the caller's token in the connection params instead of a
          // header; the AuthGuard reads either through the same `req.headers.authorization`.
          subscriptions: {
            'graphql-ws': {
              onNext: (_ctx, _id, _payload, _args, result) =>
                result.errors ? { ...result, errors: result.errors.map((error) => formatGraphQLError(error.toJSON(), error)) } : undefined,
            },
          },
          context: ({ req, connectionParams }: { req?: unknown; connectionParams?: Record<string, unknown> }) => ({
            req: req ?? { headers: { authorization: connectionParams?.authorization ?? connectionParams?.Authorization } },
          }),
        }),
        // Event-loop lag sampled every 100 ms, not prom-client's 10: an idle host otherwise wakes 100 times a second for it.
        PrometheusModule.register({ path: '/metrics', defaultMetrics: { enabled: true, config: { eventLoopMonitoringPrecision: 100 } } }),
        FederationModule.forRoot(config, options.registry, options.keyRing),
        HealthModule,
        ...options.features,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AppErrorFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
        // class-validator rules on GraphQL inputs; a violation answers BAD_USER_INPUT and changes nothing.
        { provide: APP_PIPE, useValue: new ValidationPipe({ transform: true, forbidUnknownValues: false }) },
      ],
    };
  }
}
