import { FederationTransport1763770000000 } from './1763770000000-federation-transport';

export const federationMigrations = [FederationTransport1763770000000];
