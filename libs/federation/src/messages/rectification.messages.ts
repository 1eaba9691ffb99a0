/**
 * 整改 between the level that sent the inspection team (supervising, the parent) and the inspected
 * organisation's node (the child). Deadlines travel separately, as `deadline.status`.
 */

/** Supervising → inspected: feedback delivered (巡视反馈意见); the clock starts on `feedbackReceivedOn`. */
export interface RectificationOpenedPayload {
  rectificationId: string;
  supervisingNodeId: string;
  organisation: string;
  feedbackReceivedOn: string;
  feedbackSummary: string;
  openedAt: string;
}

/**
 * Inspected → supervising: the concentrated-rectification progress report, addressed to the
 * discipline organ and copied to the organisation department and the inspection office there.
 */
export interface RectificationProgressReportedPayload {
  rectificationId: string;
  reportId: string;
  summary: string;
  /** The problem, task and responsibility lists as they stood when reporting. */
  items: RectificationItemSnapshot[];
  democraticLifeMeetingOn: string | null;
  submittedAt: string;
}

export interface RectificationItemSnapshot {
  problem: string;
  measure: string;
  responsible: string;
  dueOn: string | null;
  longTerm: boolean;
  done: boolean;
}

/** Supervising → inspected: the review opinion in writing, combining the three offices' opinions. */
export interface RectificationReviewedPayload {
  rectificationId: string;
  disciplineOpinion: string;
  organizationOpinion: string;
  inspectionOfficeOpinion: string;
  overall: string;
  issuedAt: string;
}

/** Inspected → supervising: internal notice and public disclosure done (整改情况公开). */
export interface RectificationPublishedPayload {
  rectificationId: string;
  internalNoticeOn: string;
  publicDisclosureOn: string;
  publishedAt: string;
}

/** Inspected → supervising: a later report on long-term tasks (后续整改情况报告). */
export interface RectificationFollowUpReportedPayload {
  rectificationId: string;
  reportId: string;
  summary: string;
  submittedAt: string;
}
