export enum RegistryIssueCode {
  Malformed = 'MALFORMED',
  BadId = 'BAD_ID',
  DuplicateId = 'DUPLICATE_ID',
  NoCentral = 'NO_CENTRAL',
  SeveralCentral = 'SEVERAL_CENTRAL',
  UnknownParent = 'UNKNOWN_PARENT',
  TierMismatch = 'TIER_MISMATCH',
  Cycle = 'CYCLE',
  UnknownHost = 'UNKNOWN_HOST',
  DuplicateHost = 'DUPLICATE_HOST',
  BadPublicKey = 'BAD_PUBLIC_KEY',
  BadEncryptionKey = 'BAD_ENCRYPTION_KEY',
}

export interface RegistryIssue {
  code: RegistryIssueCode;
  nodeId?: string;
  message: string;
}

export class RegistryError extends Error {
  constructor(
    readonly issues: RegistryIssue[],
    source = 'registry',
  ) {
    super(`${source} is invalid: ${issues.map((issue) => issue.message).join('; ')}`);
    this.name = 'RegistryError';
  }
}
