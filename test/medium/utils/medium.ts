import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { domainMigrations } from '@app/domain/domain';
import { FederationConfig } from '@app/federation/config/host-config';
import { Envelope, newMessageId } from '@app/federation/envelope/envelope';
import { UnitOfWork } from '@app/federation/handlers/message-handler';
import { federationMigrations } from '@app/federation/migrations';
import { Registry } from '@app/federation/registry';
import { ContentSignatures } from '@app/federation/transport/content-signatures';
import { DeadLetterService } from '@app/federation/transport/dead-letter.service';
import { FederationMetrics } from '@app/federation/transport/federation-metrics';
import { HostContext } from '@app/federation/transport/host-context';
import { KeyRing } from '@app/federation/transport/key-ring';
import { LocalDeliveries } from '@app/federation/transport/local-deliveries';
import { OutboxService } from '@app/federation/transport/outbox.service';
import { RelayService } from '@app/federation/transport/relay.service';
import { UnitEffects } from '@app/federation/transport/unit-effects';
import { demoTree } from '../../../tools/registry/division-tree';
import { writeRegistry } from '../../../tools/registry/registry-file';

const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** Every entity class of the domain and the federation, found by their files (as Nest's autoLoadEntities would). */
function entityClasses(): Function[] {
  const root = join(__dirname, '..', '..', '..', 'libs');
  const found: Function[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.entity.ts')) for (const value of Object.values(require(full))) if (typeof value === 'function') found.push(value);
    }
  };
  walk(root);
  return found;
}

/**
 * The medium tier: one host's real components — the migrated schema on a throwaway PostgreSQL
 * database, the outbox, the unit of work, the registry and node keys — without booting a host or
 * touching Redis, so that services and handlers are tested against real SQL in milliseconds.
 */
export class MediumHost {
  private constructor(
    readonly dataSource: DataSource,
    readonly registry: Registry,
    readonly host: HostContext,
    readonly keys: KeyRing,
    readonly outbox: OutboxService,
    readonly deadLetters: DeadLetterService,
    readonly signatures: ContentSignatures,
    private readonly database: string,
    private readonly dir: string,
  ) {}

  static async start(hostId = 'local-130000'): Promise<MediumHost> {
    const dir = mkdtempSync(join(tmpdir(), 'medium-'));
    writeRegistry({ tree: demoTree(), outFile: join(dir, 'registry.json'), keysDir: join(dir, 'keys') });
    const registry = Registry.load(join(dir, 'registry.json'));
    const database = `m${randomBytes(5).toString('hex')}`;
    const admin = new Pool({ connectionString: `${POSTGRES_URL}/postgres`, max: 1 });
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const dataSource = new DataSource({
      type: 'postgres',
      url: `${POSTGRES_URL}/${database}`,
      entities: entityClasses(),
      migrations: [...federationMigrations, ...domainMigrations],
      migrationsTransactionMode: 'each',
      synchronize: false,
      extra: { max: 4, options: '-c jit=off' },
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    const host = new HostContext(hostId, registry);
    const keys = new KeyRing(registry);
    keys.loadPrivateKeys(join(dir, 'keys'), host.servedNodes.map((node) => node.id));
    const config = { maxMessageBytes: 1024 * 1024, ackTimeoutMs: 5_000 } as FederationConfig;
    const metrics = new FederationMetrics();
    // The medium tier has no Redis and publishes nothing: what a unit sends stays in the outbox, where specs read it.
    const unpublished = { publishCommitted: () => undefined } as unknown as RelayService;
    const outbox = new OutboxService(host, keys, config, metrics, new LocalDeliveries(dataSource), unpublished, dataSource);
    return new MediumHost(dataSource, registry, host, keys, outbox, new DeadLetterService(metrics, keys), new ContentSignatures(keys), database, dir);
  }

  /** One unit of work, as a mutation runs (FederationTransactions): its end-of-unit work and messages settle before the commit. */
  run<R>(work: (tx: UnitOfWork) => Promise<R>): Promise<R> {
    return this.dataSource.transaction(async (manager) => {
      const effects = new UnitEffects(manager, this.outbox);
      const result = await work(effects.unit());
      await effects.finish();
      return result;
    });
  }

  /**
   * Deliveries as the inbox hands them to a handler: in one unit of work, each with its envelope
   * (from its sender, to its node; a relayed one names its origin and destination), payload and node.
   */
  async deliver<P>(
    apply: (contexts: Array<UnitOfWork & { envelope: Envelope; payload: P; node: ReturnType<Registry['node']>; manager: EntityManager }>) => Promise<void>,
    messages: Array<{ from: string; to: string; type: string; payload: P; origin?: string; destination?: string }>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const effects = new UnitEffects(manager, this.outbox);
      const contexts = messages.map((message, i) => {
        const messageId = newMessageId();
        const envelope = { messageId, type: message.type, schemaVersion: 1, from: message.from, to: message.to, origin: message.origin ?? message.from, destination: message.destination ?? message.to, correlationId: messageId, causationId: null, seq: i + 1, createdAt: new Date().toISOString(), payload: message.payload, trace: { traceparent: '' } } as unknown as Envelope;
        return { ...effects.unit({ messageId, trace: envelope.trace }), envelope, payload: message.payload, node: this.registry.node(message.to) };
      });
      await apply(contexts);
      await effects.finish();
    });
  }

  /** Content signed with the key of any node of the registry, as that node's own host would sign it. */
  signAs(nodeId: string, purpose: string, content: object): string {
    const keys = new KeyRing(this.registry);
    keys.loadPrivateKeys(join(this.dir, 'keys'), [nodeId]);
    return new ContentSignatures(keys).sign(nodeId, purpose, content);
  }

  sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(text, params);
  }

  async close(): Promise<void> {
    await this.dataSource.destroy();
    const admin = new Pool({ connectionString: `${POSTGRES_URL}/postgres`, max: 1 });
    await admin.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
    await admin.end();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
