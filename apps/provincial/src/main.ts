import { domainFeatures, domainMigrations } from '@app/domain';
import { HostApp, runHost } from '@app/federation';

void runHost({ app: HostApp.Provincial, features: domainFeatures, migrations: domainMigrations });
