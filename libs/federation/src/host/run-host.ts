import { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { ConfigError, HostConfig, loadHostConfig } from '../config/host-config';
import { HandlerRegistrationError } from '../handlers/handler-registry';
import { NodeKeyError } from '../registry/node-keys';
import { Registry } from '../registry/registry';
import { RegistryError } from '../registry/registry.error';
import { HostApp } from '../registry/registry.types';
import { KeyRing } from '../transport/key-ring';
import { HostModule } from './host.module';
import { PreflightError, checkRedis, ensureDatabase } from './preflight';

export interface HostDefinition {
  app: HostApp;
  features: Array<Type | DynamicModule>;
  migrations: Array<Type>;
}

/**
 * Starts one host process. Anything that makes the host unusable — bad configuration, an invalid
 * registry, a missing key, PostgreSQL or Redis not answering — stops it at once with one line on
 * stderr saying what and how to fix it, and exit code 1.
 */
export async function runHost(definition: HostDefinition): Promise<void> {
  let config: HostConfig;
  let registry: Registry;
  const keyRing = (r: Registry) => new KeyRing(r);
  let keys: KeyRing;
  try {
    config = loadHostConfig();
    registry = Registry.load(config.registryFile);
    const host = registry.host(config.hostId);
    if (!host) throw new PreflightError(`host ${config.hostId} is not in the registry ${config.registryFile} (hosts: ${registry.hosts.map((h) => h.id).join(', ')})`);
    if (host.app !== definition.app) throw new PreflightError(`host ${config.hostId} is a ${host.app} host in the registry, but this is the ${definition.app} application`);
    const served = registry.nodesOfHost(config.hostId).map((node) => node.id);
    if (served.length === 0) throw new PreflightError(`host ${config.hostId} serves no node in the registry ${config.registryFile}`);
    keys = keyRing(registry);
    keys.loadPrivateKeys(config.keysDir, served);
    await ensureDatabase(config);
    await checkRedis(config);
  } catch (error) {
    return fatal(error);
  }

  try {
    const app = await NestFactory.create<NestExpressApplication>(HostModule.forRoot({ config, registry, keyRing: keys, features: definition.features, migrations: definition.migrations }), {
      bufferLogs: true,
    });
    // Express hashes every response body into an ETag for conditional GETs; GraphQL is POSTed and
    // nothing here is fetched conditionally, so that was a SHA-1 of each roll-up page for nothing.
    app.set('etag', false);
    const logger = app.get(Logger);
    app.useLogger(logger);
    app.enableShutdownHooks();
    await app.listen(config.port, config.bindAddress);
    const nodes = registry.nodesOfHost(config.hostId).length;
    logger.log(`host ${config.hostId} (${definition.app}) ready at ${await app.getUrl()}/graphql serving ${nodes} node(s), registry version ${registry.version}`, 'Host');
  } catch (error) {
    return fatal(error);
  }
}

function fatal(error: unknown): never {
  const known =
    error instanceof PreflightError || error instanceof ConfigError || error instanceof RegistryError || error instanceof NodeKeyError || error instanceof HandlerRegistrationError;
  const err = error as { code?: string; message?: string; stack?: string };
  const line = known
    ? err.message
    : err.code === 'EADDRINUSE'
      ? `port is already in use (${err.message}): set PORT to a free port`
      : `host failed to start: ${err.message ?? String(error)}`;
  process.stderr.write(`fatal: ${line}\n`);
  if (!known && process.env.LOG_LEVEL === 'debug' && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
}
