import { registerLabelledEnum, Tier } from '@app/federation';
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { OrganisationKind } from '../organisation/organisation.enums';

export enum CoverageStatus {
  Inspected = 'inspected',
  Scheduled = 'scheduled',
  NotScheduled = 'not_scheduled',
}

registerLabelledEnum(CoverageStatus, { name: 'CoverageStatus', labels: { inspected: '已巡视巡察', scheduled: '已列入计划', not_scheduled: '尚未安排' } });

@ObjectType({ description: '届' })
export class TermView {
  @Field() label: string;
  @Field() startsOn: string;
  @Field() endsOn: string;
  @Field({ description: 'Today lies within it' }) current: boolean;
  @Field(() => Int, { description: 'Days from today to its last day' }) daysLeft: number;
}

@ObjectType({ description: 'A node’s own tally for a term, or a subtree’s summed' })
export class CoverageFigures {
  @Field(() => Int) organisations: number;
  @Field(() => Int) inspected: number;
  @Field(() => Int, { description: 'In a planned round of the term, not inspected yet' }) scheduled: number;
  @Field(() => Int, { description: 'Neither, with the term ending within the warning window' }) atRisk: number;
  @Field(() => Float, { nullable: true }) rate: number | null;
}

@ObjectType()
export class OrganisationCoverage {
  @Field(() => ID) organisationId: string;
  @Field() name: string;
  @Field(() => OrganisationKind) kind: OrganisationKind;
  @Field(() => CoverageStatus) status: CoverageStatus;
  @Field(() => ID, { nullable: true, description: 'The round that inspected or will inspect it' }) roundId: string | null;
  @Field(() => String, { nullable: true }) inspectedOn: string | null;
}

@ObjectType({ description: '全覆盖 of a node’s own register in one of its terms' })
export class TermCoverage {
  @Field(() => ID) nodeId: string;
  @Field(() => TermView) term: TermView;
  @Field(() => CoverageFigures) figures: CoverageFigures;
  @Field(() => [OrganisationCoverage]) organisations: OrganisationCoverage[];
}

@ObjectType({ description: 'A node of the region and its subtree’s coverage in the term, as the caller’s node holds it' })
export class CoverageNode {
  @Field(() => ID) nodeId: string;
  @Field() name: string;
  @Field(() => Tier) tier: Tier;
  @Field(() => CoverageFigures) figures: CoverageFigures;
}

@ObjectType()
export class CoverageRollup {
  @Field() term: string;
  @Field(() => CoverageNode) region: CoverageNode;
  @Field(() => [CoverageNode]) items: CoverageNode[];
}

@ObjectType({ description: 'A node below whose term ends soon with organisations not yet scheduled' })
export class CoverageWarning {
  @Field(() => ID) nodeId: string;
  @Field() nodeName: string;
  @Field() term: string;
  @Field() termEndsOn: string;
  @Field(() => Int) daysLeft: number;
  @Field(() => Int) atRisk: number;
  @Field(() => Int) organisations: number;
  @Field(() => Int) inspected: number;
  @Field(() => Int) scheduled: number;
}
