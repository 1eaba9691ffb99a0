/** 全覆盖: one node's own tally for a term, sent to central and recorded at every level on the way. */
export interface CoverageProgressPayload {
  originNodeId: string;
  term: string;
  organisations: number;
  inspected: number;
  /** Grows with every change at the origin; a level keeps only the newest tally. */
  revision: number;
  changedAt: string;
}
