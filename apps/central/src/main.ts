import { domainFeatures, domainMigrations } from '@app/domain';
import { HostApp, runHost } from '@app/federation';

void runHost({ app: HostApp.Central, features: domainFeatures, migrations: domainMigrations });
