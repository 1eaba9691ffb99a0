import { FederationTransport1763770000000 } from './1763770000000-federation-transport';
import { FederationContracts1796615880251 } from './1796615880251-federation-contracts';
import { FederationTiming1796621000000 } from './1796621000000-federation-timing';

export const federationMigrations = [FederationTransport1763770000000, FederationContracts1796615880251, FederationTiming1796621000000];
