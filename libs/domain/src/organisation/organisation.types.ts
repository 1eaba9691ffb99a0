import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { registerLabelledEnum } from '@app/federation';
import { CadreLevel, OrganisationKind } from './organisation.enums';

@ObjectType({ description: '被巡视巡察党组织: an organisation of a register, as the asking node holds it' })
export class OrganisationView {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) code: string | null;
  @Field(() => OrganisationKind) kind: OrganisationKind;
  @Field(() => ID, { description: 'The node that inspects it by 管理权限' }) inspectorNodeId: string;
  @Field() inspectorName: string;
  @Field(() => ID, { nullable: true, description: 'A 地方党委’s own region node' }) regionNodeId: string | null;
  @Field(() => String, { nullable: true }) regionName: string | null;
  @Field(() => ID, { description: 'Where its rectification is served: its region node, else its inspector' }) homeNodeId: string;
  @Field(() => CadreLevel, { nullable: true }) cadreLevel: CadreLevel | null;
  @Field() activeFrom: string;
  @Field(() => String, { nullable: true }) activeTo: string | null;
  @Field(() => ID, { nullable: true }) successorId: string | null;
  @Field({ description: 'Active today (Asia/Shanghai)' }) active: boolean;
  @Field({ description: 'The asking node inspects it (its own register), rather than holding a copy from below' }) own: boolean;
  @Field(() => Int) revision: number;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
}

@ObjectType()
export class OrganisationPage {
  @Field(() => [OrganisationView]) items: OrganisationView[];
  @Field(() => Int, { description: 'All that match the filter' }) total: number;
  @Field(() => String, { nullable: true, description: 'Null on the last page' }) nextCursor: string | null;
}

export enum ImportRowOutcome {
  Created = 'created',
  Updated = 'updated',
  Unchanged = 'unchanged',
  Failed = 'failed',
}

registerLabelledEnum(ImportRowOutcome, { name: 'ImportRowOutcome', labels: { created: '新增', updated: '更新', unchanged: '无变化', failed: '有误' } });

@ObjectType()
export class ImportRowReport {
  @Field(() => Int, { description: 'Row number, from 1, in the order given' }) row: number;
  @Field(() => ImportRowOutcome) outcome: ImportRowOutcome;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => ID, { nullable: true }) organisationId: string | null;
  @Field(() => [String]) errors: string[];
}

@ObjectType({ description: 'Rows are applied all together or, when any row is wrong (or on a dry run), not at all' })
export class ImportReport {
  @Field() applied: boolean;
  @Field(() => Int) created: number;
  @Field(() => Int) updated: number;
  @Field(() => Int) unchanged: number;
  @Field(() => Int) failed: number;
  @Field(() => [ImportRowReport], { description: 'Every row, in order' }) rows: ImportRowReport[];
}

