import { FederationTransport1763770000000 } from './1763770000000-federation-transport';
import { FederationContracts1796615880251 } from './1796615880251-federation-contracts';

export const federationMigrations = [FederationTransport1763770000000, FederationContracts1796615880251];
