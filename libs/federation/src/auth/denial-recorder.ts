/**
 * Where the guard reports a refused call before answering it (the audit log, when a host runs
 * one). Kept as an injection token so the federation library does not depend on the domain.
 */
export const DENIAL_RECORDER = Symbol('DENIAL_RECORDER');

export interface DenialRecord {
  /** The node the token claims, when it could be read at all (unverified for a forged token). */
  claimedNodeId: string | null;
  subject: string | null;
  roles: string[];
  operation: string;
  reason: string;
  message: string;
}

export interface DenialRecorder {
  recordDenial(denial: DenialRecord): Promise<void>;
}
