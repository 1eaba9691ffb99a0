import { Envelope } from '../envelope/envelope';

/** An inbox row ready to apply. */
export interface Stored {
  envelope: Envelope;
  /** Why it can never apply (text PostgreSQL refused at receipt), if so. */
  defect: string | null;
  raw: string | null;
  attempts: number;
}

export type Status = 'applied' | 'relayed' | 'rejected';
