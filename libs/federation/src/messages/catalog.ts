import { z } from 'zod';
import { AuditAnchor } from './audit.messages';
import { MessageContract } from './contract';
import { CoverageProgress } from './coverage.messages';
import { DeadlineStatus } from './deadline.messages';
import { FilingAccepted, FilingFiled, FilingProgress, FilingRequested, FilingReturned, FilingSubmitted } from './filing.messages';
import { InspectionRoundShared } from './inspection-round.messages';
import { LinkageTaskAmended, LinkageTaskCancelled, LinkageTaskIssued, LinkageTaskProgress } from './linkage-task.messages';
import { NoticeAcknowledged, NoticeIssued } from './notice.messages';
import { OrganisationRegistered } from './organisation.messages';
import { OutcomeShared } from './outcome-sharing.messages';
import { Probe } from './probe.messages';
import { ClueDisposed, ClueStatus, ClueTransferred } from './problem-clue.messages';
import {
  RectificationFollowUpReported,
  RectificationOpened,
  RectificationProgressReported,
  RectificationPublished,
  RectificationReopened,
  RectificationReviewed,
} from './rectification.messages';
import { SpecialCheckNotified, SpecialCheckStep } from './special-check.messages';
import { SupervisionTeamDispatched, SupervisionTeamStep } from './supervision-team.messages';

/**
 * Every message the federation carries, each defined once (its feature's `*.messages.ts`): wire
 * name, schema version, direction, route and payload schema. Producers, the receiver's checks and
 * handlers all derive from this table; a host refuses to start when a type has no handler or two.
 */
export const MESSAGE_CONTRACTS = {
  Probe,
  AuditAnchor,
  DeadlineStatus,
  CoverageProgress,
  FilingRequested,
  FilingSubmitted,
  FilingFiled,
  FilingAccepted,
  FilingReturned,
  FilingProgress,
  OutcomeShared,
  ClueTransferred,
  ClueDisposed,
  ClueStatus,
  RectificationOpened,
  RectificationProgressReported,
  RectificationReviewed,
  RectificationPublished,
  RectificationFollowUpReported,
  RectificationReopened,
  OrganisationRegistered,
  InspectionRoundShared,
  LinkageTaskIssued,
  LinkageTaskAmended,
  LinkageTaskCancelled,
  LinkageTaskProgress,
  SupervisionTeamDispatched,
  SupervisionTeamStep,
  SpecialCheckNotified,
  SpecialCheckStep,
  NoticeIssued,
  NoticeAcknowledged,
} as const satisfies Record<string, MessageContract>;

type Catalog = typeof MESSAGE_CONTRACTS;

/** A message type's wire name: `MessageType.LinkageTaskIssued` is `'linkage_task.issued'`. */
export type MessageType = Catalog[keyof Catalog]['type'];
export const MessageType = Object.fromEntries(Object.entries(MESSAGE_CONTRACTS).map(([name, contract]) => [name, contract.type])) as {
  readonly [K in keyof Catalog]: Catalog[K]['type'];
};

/** The payload of each message type, as its schema accepts it. */
export type MessagePayloads = { [K in keyof Catalog as Catalog[K]['type']]: z.infer<Catalog[K]['payload']> };

const BY_TYPE = new Map<string, MessageContract>(Object.values(MESSAGE_CONTRACTS).map((contract) => [contract.type, contract]));

/** The contract of a wire type, or undefined for a type this host does not know. */
export function contractOf(type: string): MessageContract | undefined {
  return BY_TYPE.get(type);
}

export function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'string' && BY_TYPE.has(value);
}

export const MESSAGE_TYPES: readonly MessageType[] = [...BY_TYPE.keys()] as MessageType[];
