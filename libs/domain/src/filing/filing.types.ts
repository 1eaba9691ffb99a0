import { registerLabelledEnum } from '@app/federation';
import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { FilingCopy } from './filing.entity';
import { FilingKind, FilingStatus } from './filing.enums';
import { FilingDecision } from './filing-version.entity';

registerLabelledEnum(FilingCopy, {
  name: 'FilingSide',
  description: 'filer: our filing with the parent · reviewer: a child’s filing with us · observer: deeper in our subtree',
  labels: { filer: '本级向上级报备', reviewer: '下级向本级报备', observer: '所辖下级之间的报备' },
});
registerLabelledEnum(FilingDecision, { name: 'FilingDecision', labels: { accepted: '予以备案', returned: '退回' } });

@ObjectType({ description: '报备: a filing of a child with its parent, as the asking node sees it' })
export class FilingView {
  @Field(() => ID) id: string;
  @Field(() => ID, { description: 'Shared by every link of one request as it travels down' }) chainId: string;
  @Field(() => ID, { nullable: true, description: 'The consolidated filing this one feeds' }) parentFilingId?: string;
  @Field(() => ID) filerNodeId: string;
  @Field(() => ID) reviewerNodeId: string;
  @Field(() => FilingCopy) side: FilingCopy;
  @Field(() => FilingKind) kind: FilingKind;
  @Field() title: string;
  @Field() dueOn: string;
  @Field() consolidated: boolean;
  @Field(() => FilingStatus) status: FilingStatus;
  @Field(() => Int, { description: 'Latest version submitted; 0 before the first' }) version: number;
  @Field(() => GraphQLISODateTime, { nullable: true }) firstSubmittedAt?: Date;
  @Field({ nullable: true }) returnReasons?: string;
  @Field(() => ID, { nullable: true, description: 'The level whose review sent it back' }) returnedBy?: string;
  @Field(() => ID, { nullable: true, description: 'The level that must act on the return' }) mustActNodeId?: string;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
}

@ObjectType()
export class FilingVersionView {
  @Field(() => Int) version: number;
  @Field() content: string;
  @Field(() => GraphQLISODateTime) submittedAt: Date;
  @Field(() => FilingDecision, { nullable: true }) decision?: FilingDecision;
  @Field(() => GraphQLISODateTime, { nullable: true }) decidedAt?: Date;
  @Field({ nullable: true, description: 'Reasons of a return, or the note of an acceptance' }) remarks?: string;
}

@ObjectType()
export class FilingDetail {
  @Field(() => FilingView) filing: FilingView;
  @Field(() => [FilingVersionView], { description: 'Every version, newest first (filer and reviewer only)' }) versions: FilingVersionView[];
}

@ObjectType({ description: 'One link of an approval chain and who must act on it' })
export class ChainLinkView {
  @Field(() => ID) filingId: string;
  @Field(() => ID, { nullable: true }) parentFilingId?: string;
  @Field(() => ID) filerNodeId: string;
  @Field(() => ID) reviewerNodeId: string;
  @Field() title: string;
  @Field() dueOn: string;
  @Field(() => FilingStatus) status: FilingStatus;
  @Field(() => Int) version: number;
  @Field(() => ID, { nullable: true, description: 'Who must act next: the reviewer while a version waits, otherwise the filer; none once accepted' })
  waitingOn?: string;
  @Field(() => [ID], { description: 'Children whose filings this consolidated filing still waits for' }) blockedBy: string[];
  @Field(() => GraphQLISODateTime) updatedAt: Date;
}

@ObjectType({ description: 'On-time filing rate of one child: first versions in by the end of their due day' })
export class FilingRate {
  @Field(() => ID) childNodeId: string;
  @Field(() => Int, { description: 'Filings fallen due or submitted' }) counted: number;
  @Field(() => Int) onTime: number;
  @Field(() => Float, { nullable: true }) rate?: number;
}
