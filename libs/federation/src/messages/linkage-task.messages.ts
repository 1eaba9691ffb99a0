/**
 * Linkage tasks (联动任务) travel down the tree one level at a time: each node receives one message
 * per task from its parent, naming every recipient in its subtree, records it, and sends each child
 * one message naming the recipients below that child. Recipients' status travels back up the same
 * way: each node sends its parent, once per change it applied, every report that changed in its
 * subtree. Every level keeps its own copy, so payloads carry what a receiver cannot re-read from
 * another host.
 */

export type InspectionKindName = 'regular' | 'special' | 'mobile' | 'look_back';
export type LinkageTypeName = 'regional' | 'systemic' | 'city_county' | 'cross' | 'elevated';
export type RecipientStateName = 'issued' | 'received' | 'accepted' | 'in_progress' | 'overdue' | 'completed' | 'cancelled';
export type RecipientPhaseName = Exclude<RecipientStateName, 'overdue'>;

/** Which descendants a task, team, check or notice is for: a list, every node of a tier under a node, or a whole subtree. */
export interface TargetScopePayload {
  nodeIds?: string[];
  tier?: string;
  under?: string;
  wholeSubtree?: boolean;
}

/** The versioned part of a task: what an amendment may change. */
export interface LinkageTaskContent {
  title: string;
  requirements: string;
  /** Requirements of the tasks this one was decomposed from, outermost first. */
  inheritedRequirements: string | null;
  focusPoints: string[];
  startAt: string;
  deadline: string;
}

export interface LinkageTaskIssuedPayload extends LinkageTaskContent {
  taskId: string;
  version: number;
  issuerId: string;
  /** Set on an assignment: the task its issuer decomposed. */
  parentTaskId: string | null;
  rootTaskId: string;
  kind: InspectionKindName;
  linkageType: LinkageTypeName;
  scope: TargetScopePayload;
  issuedAt: string;
  /** The task's recipients in the receiving node's subtree, the receiver itself included when it is one. */
  recipients: string[];
}

export interface LinkageTaskAmendedPayload extends LinkageTaskContent {
  taskId: string;
  version: number;
  note: string;
  amendedAt: string;
}

export interface LinkageTaskCancelledPayload {
  taskId: string;
  reason: string;
  cancelledAt: string;
}

/** Additive roll-up of a subtree's work on a task: sums and lists merge by adding. */
export interface TaskSummaryPayload {
  units: number;
  counts: Partial<Record<RecipientStateName, number>>;
  /** Sum of each non-cancelled unit's percent complete. */
  percentSum: number;
  overdue: Array<{ taskId: string; nodeId: string; deadline: string }>;
}

/** Reports of recipients in the sender's subtree (the sender's own among them) that changed since it last reported. */
export interface LinkageTaskProgressPayload {
  taskId: string;
  reports: LinkageTaskReportPayload[];
}

/** One recipient's status, sent up whenever it changes; `rev` orders a recipient's reports. */
export interface LinkageTaskReportPayload {
  recipientId: string;
  rev: number;
  phase: RecipientPhaseName;
  overdue: boolean;
  percent: number;
  note: string | null;
  report: string | null;
  /** What the recipient's own assignments (its decomposition of this task) add up to, if any. */
  subtree: TaskSummaryPayload | null;
  at: string;
}
