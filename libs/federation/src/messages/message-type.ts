import { LinkageTaskAmendedPayload, LinkageTaskCancelledPayload, LinkageTaskIssuedPayload, LinkageTaskProgressPayload } from './linkage-task.messages';
import { NoticeAcknowledgedPayload, NoticeIssuedPayload } from './notice.messages';
import { ProbePayload } from './probe.messages';
import { AuditAnchorPayload } from './audit.messages';
import { CoverageProgressPayload } from './coverage.messages';
import { DeadlineStatusPayload } from './deadline.messages';
import { FilingAcceptedPayload, FilingProgressPayload, FilingRequestedPayload, FilingReturnedPayload, FilingSubmittedPayload } from './filing.messages';
import { OutcomeSharedPayload } from './outcome-sharing.messages';
import { ClueDisposedPayload, ClueStatusPayload, ClueTransferredPayload } from './problem-clue.messages';
import {
  RectificationFollowUpReportedPayload,
  RectificationOpenedPayload,
  RectificationProgressReportedPayload,
  RectificationPublishedPayload,
  RectificationReviewedPayload,
} from './rectification.messages';
import { SpecialCheckNotifiedPayload, SpecialCheckStepPayload } from './special-check.messages';
import { SupervisionTeamDispatchedPayload, SupervisionTeamStepPayload } from './supervision-team.messages';

/**
 * Every message the federation carries. Producers and handlers both refer to these names and to
 * the payload map below, so the two cannot drift apart; a host refuses to start when a type has
 * no handler or more than one.
 */
export enum MessageType {
  Probe = 'federation.probe',
  // Upward flows (issue 5)
  DeadlineStatus = 'deadline.status',
  FilingRequested = 'filing.requested',
  FilingSubmitted = 'filing.submitted',
  FilingAccepted = 'filing.accepted',
  FilingReturned = 'filing.returned',
  FilingProgress = 'filing.progress',
  OutcomeShared = 'outcome.shared',
  ClueTransferred = 'clue.transferred',
  ClueDisposed = 'clue.disposed',
  ClueStatus = 'clue.status',
  // Analytics (issue 6)
  CoverageProgress = 'coverage.progress',
  RectificationOpened = 'rectification.opened',
  RectificationProgressReported = 'rectification.progress_reported',
  RectificationReviewed = 'rectification.reviewed',
  RectificationPublished = 'rectification.published',
  RectificationFollowUpReported = 'rectification.follow_up_reported',
  AuditAnchor = 'audit.anchor',
  // Downward flows (issue 4)
  LinkageTaskIssued = 'linkage_task.issued',
  LinkageTaskAmended = 'linkage_task.amended',
  LinkageTaskCancelled = 'linkage_task.cancelled',
  LinkageTaskProgress = 'linkage_task.progress',
  SupervisionTeamDispatched = 'supervision_team.dispatched',
  SupervisionTeamStep = 'supervision_team.step',
  SpecialCheckNotified = 'special_check.notified',
  SpecialCheckStep = 'special_check.step',
  NoticeIssued = 'notice.issued',
  NoticeAcknowledged = 'notice.acknowledged',
}

export interface MessagePayloads {
  [MessageType.Probe]: ProbePayload;
  [MessageType.DeadlineStatus]: DeadlineStatusPayload;
  [MessageType.FilingRequested]: FilingRequestedPayload;
  [MessageType.FilingSubmitted]: FilingSubmittedPayload;
  [MessageType.FilingAccepted]: FilingAcceptedPayload;
  [MessageType.FilingReturned]: FilingReturnedPayload;
  [MessageType.FilingProgress]: FilingProgressPayload;
  [MessageType.OutcomeShared]: OutcomeSharedPayload;
  [MessageType.ClueTransferred]: ClueTransferredPayload;
  [MessageType.ClueDisposed]: ClueDisposedPayload;
  [MessageType.ClueStatus]: ClueStatusPayload;
  [MessageType.CoverageProgress]: CoverageProgressPayload;
  [MessageType.RectificationOpened]: RectificationOpenedPayload;
  [MessageType.RectificationProgressReported]: RectificationProgressReportedPayload;
  [MessageType.RectificationReviewed]: RectificationReviewedPayload;
  [MessageType.RectificationPublished]: RectificationPublishedPayload;
  [MessageType.RectificationFollowUpReported]: RectificationFollowUpReportedPayload;
  [MessageType.AuditAnchor]: AuditAnchorPayload;
  [MessageType.LinkageTaskIssued]: LinkageTaskIssuedPayload;
  [MessageType.LinkageTaskAmended]: LinkageTaskAmendedPayload;
  [MessageType.LinkageTaskCancelled]: LinkageTaskCancelledPayload;
  [MessageType.LinkageTaskProgress]: LinkageTaskProgressPayload;
  [MessageType.SupervisionTeamDispatched]: SupervisionTeamDispatchedPayload;
  [MessageType.SupervisionTeamStep]: SupervisionTeamStepPayload;
  [MessageType.SpecialCheckNotified]: SpecialCheckNotifiedPayload;
  [MessageType.SpecialCheckStep]: SpecialCheckStepPayload;
  [MessageType.NoticeIssued]: NoticeIssuedPayload;
  [MessageType.NoticeAcknowledged]: NoticeAcknowledgedPayload;
}

/** The schema version each type is produced with; a receiver accepts versions up to this one. */
export const MESSAGE_SCHEMA_VERSION: { readonly [T in MessageType]: number } = {
  [MessageType.Probe]: 1,
  [MessageType.DeadlineStatus]: 1,
  [MessageType.FilingRequested]: 1,
  [MessageType.FilingSubmitted]: 1,
  [MessageType.FilingAccepted]: 1,
  [MessageType.FilingReturned]: 1,
  [MessageType.FilingProgress]: 1,
  [MessageType.OutcomeShared]: 1,
  [MessageType.ClueTransferred]: 1,
  [MessageType.ClueDisposed]: 1,
  [MessageType.ClueStatus]: 1,
  [MessageType.CoverageProgress]: 1,
  [MessageType.RectificationOpened]: 1,
  [MessageType.RectificationProgressReported]: 1,
  [MessageType.RectificationReviewed]: 1,
  [MessageType.RectificationPublished]: 1,
  [MessageType.RectificationFollowUpReported]: 1,
  [MessageType.AuditAnchor]: 1,
  [MessageType.LinkageTaskIssued]: 1,
  [MessageType.LinkageTaskAmended]: 1,
  [MessageType.LinkageTaskCancelled]: 1,
  [MessageType.LinkageTaskProgress]: 1,
  [MessageType.SupervisionTeamDispatched]: 1,
  [MessageType.SupervisionTeamStep]: 1,
  [MessageType.SpecialCheckNotified]: 1,
  [MessageType.SpecialCheckStep]: 1,
  [MessageType.NoticeIssued]: 1,
  [MessageType.NoticeAcknowledged]: 1,
};

const KNOWN = new Set<string>(Object.values(MessageType));

export function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'string' && KNOWN.has(value);
}
