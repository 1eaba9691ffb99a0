import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ContentProof, Registry, TargetScopePayload, Tier } from '@app/federation';
import { Paginated } from '../common/pagination';
import { LinkageTaskChild, LinkageTaskRecord, LinkageTaskUnit, LinkageTaskVersion } from './linkage-task.entity';
import { InspectionKind, LinkageType, RecipientState, TaskRole } from './linkage-task.enums';
import { TaskSummary, percentComplete } from './linkage-task.rollup';

@ObjectType({ description: 'Recipients by state' })
export class StateCounts {
  @Field(() => Int) issued: number;
  @Field(() => Int) received: number;
  @Field(() => Int) accepted: number;
  @Field(() => Int) inProgress: number;
  @Field(() => Int) overdue: number;
  @Field(() => Int) completed: number;
  @Field(() => Int) cancelled: number;
}

@ObjectType()
export class OverdueEntry {
  @Field(() => ID) taskId: string;
  @Field(() => ID) nodeId: string;
  @Field() nodeName: string;
  @Field(() => GraphQLISODateTime) deadline: Date;
}

@ObjectType({ description: 'A subtree’s work on a task: every recipient, and everything decomposed below them' })
export class TaskRollup {
  @Field(() => Int) units: number;
  @Field(() => Int, { description: 'Mean percent complete of the units not cancelled' }) percentComplete: number;
  @Field(() => StateCounts) counts: StateCounts;
  @Field(() => [OverdueEntry], { description: 'At most 100; counts.overdue is exact' }) overdue: OverdueEntry[];
}

@ObjectType('LinkageTaskScopeOrganisation')
export class ScopeOrganisationView {
  @Field(() => ID) organisationId: string;
  @Field() name: string;
  @Field(() => ID) inspectorNodeId: string;
}

@ObjectType('LinkageTaskScope')
export class ScopeView implements TargetScopePayload {
  @Field(() => [ID], { nullable: true }) nodeIds?: string[];
  @Field(() => Tier, { nullable: true }) tier?: Tier;
  @Field(() => ID, { nullable: true }) under?: string;
  @Field({ nullable: true }) wholeSubtree?: boolean;
  @Field(() => [String], { nullable: true, description: '系统性联动: the organisation kinds' }) organisationKinds?: string[];
  @Field(() => [ScopeOrganisationView], { nullable: true, description: 'The organisations of those kinds the issuer found, with the nodes that inspect them' }) organisations?: ScopeOrganisationView[];
}

@ObjectType({ description: 'The issuer’s own signature over a version of a task or over its cancel, as this node received and verified it' })
export class IssuerSignature {
  @Field(() => ID) signerId: string;
  @Field() signerName: string;
  @Field({ description: 'Ed25519, base64, over the canonical JSON of the signed content' }) signature: string;
  @Field({ description: 'Whether it verifies, now, against the signer’s key in the registry' }) valid: boolean;
}

@ObjectType('LinkageTaskVersion')
export class LinkageTaskVersionView {
  @Field(() => Int) version: number;
  @Field() title: string;
  @Field() requirements: string;
  @Field(() => [String]) focusPoints: string[];
  @Field(() => GraphQLISODateTime) startAt: Date;
  @Field(() => GraphQLISODateTime) deadline: Date;
  @Field({ nullable: true, description: 'Why this version was made' }) note?: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => IssuerSignature, { nullable: true, description: 'Who issued this version: the issuer’s signature over it' }) signedBy?: IssuerSignature;
}

@ObjectType({ description: 'One recipient’s status as this node last heard it' })
export class RecipientStatus {
  @Field(() => ID) recipientId: string;
  @Field() recipientName: string;
  @Field(() => ID, { description: 'This node’s child on the way to the recipient' }) viaChildId: string;
  @Field(() => RecipientState) state: RecipientState;
  @Field(() => Int) percent: number;
  @Field({ nullable: true }) note?: string;
  @Field({ nullable: true, description: 'The completion report' }) report?: string;
  @Field(() => GraphQLISODateTime) deadline: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) completedAt?: Date;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
  @Field(() => TaskRollup, { nullable: true, description: 'What the recipient’s own assignments add up to' }) decomposed?: TaskRollup;
}

@ObjectType({ description: 'One child’s subtree on a task' })
export class ChildStatus {
  @Field(() => ID) childId: string;
  @Field() childName: string;
  @Field(() => RecipientState, { nullable: true, description: 'The child’s own state, when it is a recipient' }) childState?: RecipientState;
  @Field(() => TaskRollup) rollup: TaskRollup;
}

@ObjectType('LinkageTask', { description: 'A linkage task (联动任务) as one node holds it' })
export class LinkageTaskView {
  @Field(() => ID) id: string;
  @Field(() => ID, { description: 'The node whose copy this is' }) nodeId: string;
  @Field(() => TaskRole) role: TaskRole;
  @Field(() => ID) issuerId: string;
  @Field() issuerName: string;
  @Field(() => ID, { nullable: true, description: 'The task this assignment was decomposed from' }) parentTaskId?: string;
  @Field(() => ID) rootTaskId: string;
  @Field(() => InspectionKind) kind: InspectionKind;
  @Field(() => LinkageType) linkageType: LinkageType;
  @Field(() => ScopeView) scope: ScopeView;
  @Field(() => Int) version: number;
  @Field() title: string;
  @Field() requirements: string;
  @Field({ nullable: true, description: 'Requirements of the tasks above this assignment' }) inheritedRequirements?: string;
  @Field(() => [String]) focusPoints: string[];
  @Field(() => GraphQLISODateTime) startAt: Date;
  @Field(() => GraphQLISODateTime) deadline: Date;
  @Field(() => GraphQLISODateTime) issuedAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) amendedAt?: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) cancelledAt?: Date;
  @Field({ nullable: true }) cancelReason?: string;
  @Field(() => IssuerSignature, { nullable: true, description: 'Who cancelled it: the issuer’s signature over the cancel' }) cancelSignedBy?: IssuerSignature;
  @Field(() => TaskRollup, { description: 'Every recipient this node sees, and what they decomposed' }) rollup: TaskRollup;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
}

@ObjectType()
export class LinkageTaskPage extends Paginated(LinkageTaskView) {}

/** Turns stored rows into API views, naming nodes from the registry. */
export class LinkageTaskViews {
  constructor(
    private readonly registry: Registry,
    /** Whether a kept proof verifies against its signer's key now. */
    private readonly verify: (proof: ContentProof) => boolean,
  ) {}

  task(record: LinkageTaskRecord): LinkageTaskView {
    return {
      id: record.taskId,
      nodeId: record.nodeId,
      role: record.role,
      issuerId: record.issuerId,
      issuerName: this.name(record.issuerId),
      parentTaskId: record.parentTaskId ?? undefined,
      rootTaskId: record.rootTaskId,
      kind: record.kind,
      linkageType: record.linkageType,
      scope: record.scope as ScopeView,
      version: record.version,
      title: record.title,
      requirements: record.requirements,
      inheritedRequirements: record.inheritedRequirements ?? undefined,
      focusPoints: record.focusPoints,
      startAt: record.startAt,
      deadline: record.deadline,
      issuedAt: record.issuedAt,
      amendedAt: record.amendedAt ?? undefined,
      cancelledAt: record.cancelledAt ?? undefined,
      cancelReason: record.cancelReason ?? undefined,
      cancelSignedBy: this.signature(record.cancelProof),
      rollup: this.rollup(record.summary),
      updatedAt: record.updatedAt,
    };
  }

  version({ proof, ...row }: LinkageTaskVersion): LinkageTaskVersionView {
    return { ...row, note: row.note ?? undefined, signedBy: this.signature(proof) };
  }

  private signature(proof: ContentProof | null): IssuerSignature | undefined {
    if (!proof) return undefined;
    return { signerId: proof.signer, signerName: this.name(proof.signer), signature: proof.signature, valid: this.verify(proof) };
  }

  recipient(unit: LinkageTaskUnit): RecipientStatus {
    return {
      recipientId: unit.recipientId,
      recipientName: this.name(unit.recipientId),
      viaChildId: unit.viaChild,
      state: unit.state,
      percent: unit.state === RecipientState.Completed ? 100 : unit.percent,
      note: unit.note ?? undefined,
      report: unit.report ?? undefined,
      deadline: unit.deadline,
      completedAt: unit.completedAt ?? undefined,
      updatedAt: unit.updatedAt,
      decomposed: unit.subtree ? this.rollup(unit.subtree) : undefined,
    };
  }

  child(row: LinkageTaskChild): ChildStatus {
    return { childId: row.childId, childName: this.name(row.childId), childState: row.childState ?? undefined, rollup: this.rollup(row.summary) };
  }

  rollup(summary: TaskSummary): TaskRollup {
    const count = (state: RecipientState) => summary.counts[state] ?? 0;
    return {
      units: summary.units,
      percentComplete: percentComplete(summary),
      counts: {
        issued: count(RecipientState.Issued),
        received: count(RecipientState.Received),
        accepted: count(RecipientState.Accepted),
        inProgress: count(RecipientState.InProgress),
        overdue: count(RecipientState.Overdue),
        completed: count(RecipientState.Completed),
        cancelled: count(RecipientState.Cancelled),
      },
      overdue: summary.overdue.map((entry) => ({ ...entry, nodeName: this.name(entry.nodeId), deadline: new Date(entry.deadline) })),
    };
  }

  private name(nodeId: string): string {
    return this.registry.find(nodeId)?.name ?? nodeId;
  }
}
