import { z } from 'zod';
import { defineMessage, instant, localDate, nodeId, PayloadOf, revision, text, title, uuid } from './contract';

/** 报备: what a level files with the level above. */
export const FILING_KINDS = ['inspection_plan', 'round_arrangement', 'inspection_report', 'rectification_report'] as const;
export const FILING_STATUSES = ['requested', 'submitted', 'accepted', 'returned'] as const;
export type FilingKindName = (typeof FILING_KINDS)[number];
export type FilingStatusName = (typeof FILING_STATUSES)[number];

const version = z.number().int().positive();

/**
 * Parent → child: file this by `dueOn`. A consolidated filing can go up only once the child has
 * collected and accepted the same filing from each of its own children, so the child requests it
 * from them in turn (the approval chain, `chainId` shared by every link).
 */
export const FilingRequested = defineMessage('filing.requested', {
  version: 1,
  direction: 'down',
  payload: z.object({
    filingId: uuid,
    chainId: uuid,
    /** The parent's own filing this one feeds into, when the parent consolidates. */
    parentFilingId: uuid.nullable(),
    kind: z.enum(FILING_KINDS),
    title,
    dueOn: localDate,
    consolidated: z.boolean(),
    requestedAt: instant,
  }),
});

/** Child → parent: a version of the filing (the first, or a resubmission after a return). */
export const FilingSubmitted = defineMessage('filing.submitted', {
  version: 1,
  direction: 'up',
  payload: z.object({ filingId: uuid, version, content: text(200_000, 1), submittedAt: instant }),
});

/**
 * Child → parent: a filing the child starts itself (its round plan or arrangement, filed as the round
 * is planned), submitted at once as version 1. The parent reviews it like a requested one.
 */
export const FilingFiled = defineMessage('filing.filed', {
  version: 1,
  direction: 'up',
  payload: z.object({ filingId: uuid, chainId: uuid, kind: z.enum(FILING_KINDS), title, dueOn: localDate, content: text(200_000, 1), submittedAt: instant }),
});

/** Parent → child: the version is accepted (备案); its content is locked until a return. */
export const FilingAccepted = defineMessage('filing.accepted', {
  version: 1,
  direction: 'down',
  payload: z.object({ filingId: uuid, version, acceptedAt: instant, note: text(2_000).nullable() }),
});

/**
 * Parent → child: the version goes back with reasons. When `mustActNodeId` lies deeper, the child
 * reopens the filing it accepted from the child on the way there and passes the return on.
 */
export const FilingReturned = defineMessage('filing.returned', {
  version: 1,
  direction: 'down',
  payload: z.object({
    filingId: uuid,
    version,
    reasons: text(2_000, 1),
    mustActNodeId: nodeId,
    /** The level whose review sent it back (central, when a return travels down from there). */
    returnedBy: nodeId,
    returnedAt: instant,
  }),
});

/**
 * Reviewer → central, kept by every level on the way: one link of a chain and its state, without
 * content, so that each level sees from its own database who is waiting on whom below it.
 */
export const FilingProgress = defineMessage('filing.progress', {
  version: 1,
  direction: 'up',
  payload: z.object({
    filingId: uuid,
    chainId: uuid,
    parentFilingId: uuid.nullable(),
    filerNodeId: nodeId,
    reviewerNodeId: nodeId,
    kind: z.enum(FILING_KINDS),
    title,
    dueOn: localDate,
    consolidated: z.boolean(),
    status: z.enum(FILING_STATUSES),
    version: z.number().int().nonnegative(),
    /** Grows with every change at the reviewer; older copies are ignored. */
    revision,
    firstSubmittedAt: instant.nullable(),
    updatedAt: instant,
  }),
});

export type FilingRequestedPayload = PayloadOf<typeof FilingRequested>;
export type FilingFiledPayload = PayloadOf<typeof FilingFiled>;
export type FilingSubmittedPayload = PayloadOf<typeof FilingSubmitted>;
export type FilingAcceptedPayload = PayloadOf<typeof FilingAccepted>;
export type FilingReturnedPayload = PayloadOf<typeof FilingReturned>;
export type FilingProgressPayload = PayloadOf<typeof FilingProgress>;
