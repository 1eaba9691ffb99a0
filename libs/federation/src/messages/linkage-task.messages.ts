import { z } from 'zod';
import { count, defineMessage, instant, nodeId, PayloadOf, percent, text, title, uuid } from './contract';

/**
 * Linkage tasks (联动任务) travel down the tree one level at a time: each node receives one message
 * per task from its parent, naming every recipient in its subtree, records it, and sends each child
 * one message naming the recipients below that child. Recipients' status travels back up the same
 * way: each node sends its parent, once per change it applied, every report that changed in its
 * subtree. Every level keeps its own copy, so payloads carry what a receiver cannot re-read from
 * another host.
 */

export const INSPECTION_KINDS = ['regular', 'special', 'mobile', 'look_back'] as const;
export const LINKAGE_TYPES = ['regional', 'systemic', 'city_county', 'cross', 'elevated'] as const;
export const RECIPIENT_STATES = ['issued', 'received', 'accepted', 'in_progress', 'overdue', 'completed', 'cancelled'] as const;
export const RECIPIENT_PHASES = ['issued', 'received', 'accepted', 'in_progress', 'completed', 'cancelled'] as const;
export type InspectionKindName = (typeof INSPECTION_KINDS)[number];
export type LinkageTypeName = (typeof LINKAGE_TYPES)[number];
export type RecipientStateName = (typeof RECIPIENT_STATES)[number];
export type RecipientPhaseName = (typeof RECIPIENT_PHASES)[number];

/** Which descendants a task, team, check or notice is for: a list, every node of a tier under a node, or a whole subtree. */
export const targetScope = z.object({
  nodeIds: z.array(nodeId).max(5_000).optional(),
  tier: z.string().max(16).optional(),
  under: nodeId.optional(),
  wholeSubtree: z.boolean().optional(),
  /** 系统性联动: every organisation of these kinds registered under `under`; the recipients are the nodes that inspect them. */
  organisationKinds: z.array(z.string().max(32)).max(8).optional(),
  /** The organisations the issuer found for `organisationKinds`, named for the nodes that inspect them. */
  organisations: z.array(z.object({ organisationId: uuid, name: title, inspectorNodeId: nodeId })).max(5_000).optional(),
});
export type TargetScopePayload = z.infer<typeof targetScope>;

/** The versioned part of a task: what an amendment may change. */
const content = {
  title,
  requirements: text(5_000),
  /** Requirements of the tasks this one was decomposed from, outermost first. */
  inheritedRequirements: text(50_000).nullable(),
  focusPoints: z.array(text(200)).max(50),
  startAt: instant,
  deadline: instant,
};
export type LinkageTaskContent = z.infer<z.ZodObject<typeof content>>;

/**
 * The issuer's Ed25519 signature over the task's content (everything but the recipients, which each
 * level narrows to the child it sends to, and the signature itself): every level verifies it against
 * the issuer's key in the registry, so no level in between can alter a task or issue one in another's
 * name. Version 2 of the task messages carries it; version 1 (unsigned) is no longer accepted.
 */
const issuerSignature = z.string().min(1).max(200);

export const LinkageTaskIssued = defineMessage('linkage_task.issued', {
  version: 2,
  direction: 'down',
  route: 'hop',
  payload: z.object({
    ...content,
    taskId: uuid,
    version: z.number().int().positive(),
    issuerId: nodeId,
    /** Set on an assignment: the task its issuer decomposed. */
    parentTaskId: uuid.nullable(),
    rootTaskId: uuid,
    kind: z.enum(INSPECTION_KINDS),
    linkageType: z.enum(LINKAGE_TYPES),
    scope: targetScope,
    issuedAt: instant,
    /** The task's recipients in the receiving node's subtree, the receiver itself included when it is one. */
    recipients: z.array(nodeId).min(1).max(10_000),
    issuerSignature,
  }),
});

export const LinkageTaskAmended = defineMessage('linkage_task.amended', {
  version: 2,
  direction: 'down',
  route: 'hop',
  payload: z.object({ ...content, taskId: uuid, version: z.number().int().positive(), note: text(2_000), amendedAt: instant, issuerSignature }),
});

export const LinkageTaskCancelled = defineMessage('linkage_task.cancelled', {
  version: 2,
  direction: 'down',
  route: 'hop',
  payload: z.object({ taskId: uuid, reason: text(2_000), cancelledAt: instant, issuerSignature }),
});

/** Additive roll-up of a subtree's work on a task: sums and lists merge by adding. */
export const taskSummary = z.object({
  units: count,
  counts: z.partialRecord(z.enum(RECIPIENT_STATES), count),
  /** Sum of each non-cancelled unit's percent complete. */
  percentSum: z.number().nonnegative(),
  overdue: z.array(z.object({ taskId: uuid, nodeId, deadline: instant })),
});
export type TaskSummaryPayload = z.infer<typeof taskSummary>;

/** One recipient's status, sent up whenever it changes; `rev` orders a recipient's reports. */
export const linkageTaskReport = z.object({
  recipientId: nodeId,
  rev: z.number().int().positive(),
  phase: z.enum(RECIPIENT_PHASES),
  overdue: z.boolean(),
  percent,
  note: text(2_000).nullable(),
  report: text(10_000).nullable(),
  /** What the recipient's own assignments (its decomposition of this task) add up to, if any. */
  subtree: taskSummary.nullable(),
  at: instant,
});
export type LinkageTaskReportPayload = z.infer<typeof linkageTaskReport>;

/** Reports of recipients in the sender's subtree (the sender's own among them) that changed since it last reported. */
export const LinkageTaskProgress = defineMessage('linkage_task.progress', {
  version: 1,
  direction: 'up',
  route: 'hop',
  payload: z.object({ taskId: uuid, reports: z.array(linkageTaskReport).min(1).max(10_000) }),
});

export type LinkageTaskIssuedPayload = PayloadOf<typeof LinkageTaskIssued>;
export type LinkageTaskAmendedPayload = PayloadOf<typeof LinkageTaskAmended>;
export type LinkageTaskCancelledPayload = PayloadOf<typeof LinkageTaskCancelled>;
export type LinkageTaskProgressPayload = PayloadOf<typeof LinkageTaskProgress>;
