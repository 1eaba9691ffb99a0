import { z } from 'zod';
import { defineMessage, instant, localDate, nodeId, PayloadOf, text, uuid } from './contract';

/**
 * 整改 between the level that sent the inspection team (supervising, the parent) and the inspected
 * organisation's node (the child). Deadlines travel separately, as `deadline.status`.
 */

/** Supervising → inspected: feedback delivered (巡视反馈意见); the clock starts on `feedbackReceivedOn`. */
export const RectificationOpened = defineMessage('rectification.opened', {
  version: 1,
  direction: 'down',
  payload: z.object({
    rectificationId: uuid,
    supervisingNodeId: nodeId,
    organisation: text(100, 1),
    feedbackReceivedOn: localDate,
    feedbackSummary: text(5_000, 1),
    openedAt: instant,
    /** The organisation of the register (absent for feedback recorded against a child node alone). */
    organisationId: uuid.optional(),
    /** Its own region node when it has one: that node's office then acts for it. */
    organisationNodeId: nodeId.nullable().optional(),
    /** The round whose feedback this is. */
    roundId: uuid.optional(),
  }),
});

/**
 * Supervising → inspected: a look-back round (回头看) found items not truly done; they are open again
 * with new due dates, their earlier state kept beside them.
 */
export const RectificationReopened = defineMessage('rectification.reopened', {
  version: 1,
  direction: 'down',
  payload: z.object({
    rectificationId: uuid,
    roundId: uuid,
    reopeningId: uuid,
    items: z.array(z.object({ taskId: uuid, reason: text(2_000, 1), dueOn: localDate })).min(1).max(200),
    reopenedAt: instant,
  }),
});

export const rectificationItemSnapshot = z.object({
  /** The task on the inspected side's lists, so that a look-back can name it. */
  taskId: uuid.optional(),
  problem: text(2_000),
  measure: text(1_000),
  responsible: text(100),
  dueOn: localDate.nullable(),
  longTerm: z.boolean(),
  done: z.boolean(),
});
export type RectificationItemSnapshot = z.infer<typeof rectificationItemSnapshot>;

/**
 * Inspected → supervising: the concentrated-rectification progress report, addressed to the
 * discipline organ and copied to the organisation department and the inspection office there.
 */
export const RectificationProgressReported = defineMessage('rectification.progress_reported', {
  version: 1,
  direction: 'up',
  payload: z.object({
    rectificationId: uuid,
    reportId: uuid,
    summary: text(20_000, 1),
    /** The problem, task and responsibility lists as they stood when reporting. */
    items: z.array(rectificationItemSnapshot).max(5_000),
    democraticLifeMeetingOn: localDate.nullable(),
    submittedAt: instant,
  }),
});

/** Supervising → inspected: the review opinion in writing, combining the three offices' opinions. */
export const RectificationReviewed = defineMessage('rectification.reviewed', {
  version: 1,
  direction: 'down',
  payload: z.object({
    rectificationId: uuid,
    disciplineOpinion: text(5_000),
    organizationOpinion: text(5_000),
    inspectionOfficeOpinion: text(5_000),
    overall: text(5_000, 1),
    issuedAt: instant,
  }),
});

/** Inspected → supervising: internal notice and public disclosure done (整改情况公开). */
export const RectificationPublished = defineMessage('rectification.published', {
  version: 1,
  direction: 'up',
  payload: z.object({ rectificationId: uuid, internalNoticeOn: localDate, publicDisclosureOn: localDate, publishedAt: instant }),
});

/** Inspected → supervising: a later report on long-term tasks (后续整改情况报告). */
export const RectificationFollowUpReported = defineMessage('rectification.follow_up_reported', {
  version: 1,
  direction: 'up',
  payload: z.object({ rectificationId: uuid, reportId: uuid, summary: text(20_000, 1), submittedAt: instant }),
});

export type RectificationOpenedPayload = PayloadOf<typeof RectificationOpened>;
export type RectificationReopenedPayload = PayloadOf<typeof RectificationReopened>;
export type RectificationProgressReportedPayload = PayloadOf<typeof RectificationProgressReported>;
export type RectificationReviewedPayload = PayloadOf<typeof RectificationReviewed>;
export type RectificationPublishedPayload = PayloadOf<typeof RectificationPublished>;
export type RectificationFollowUpReportedPayload = PayloadOf<typeof RectificationFollowUpReported>;
