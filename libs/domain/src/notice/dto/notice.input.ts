import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ScopeInput } from '../../common/target-scope';
import { NoticeCategory } from '../notice.enums';

const NODE_ID = /^\d{6}$/;
const NOT_BLANK = /\S/;

@InputType({ description: 'A notice (通报) of common or tendency problems found across the subtree' })
export class IssueNoticeInput {
  @Field(() => ID, { description: 'The issuing node: the caller’s own' })
  @Matches(NODE_ID, { message: 'nodeId must be a six-digit division code' })
  nodeId: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'body must not be empty' })
  @MaxLength(50000)
  body: string;

  @Field(() => NoticeCategory)
  @IsEnum(NoticeCategory)
  category: NoticeCategory;

  @Field(() => ScopeInput, { description: 'The whole subtree ({ wholeSubtree: true }) or a list of nodes' })
  @ValidateNested()
  @Type(() => ScopeInput)
  scope: ScopeInput;
}

@InputType()
export class AcknowledgeNoticeInput {
  @Field(() => ID, { description: 'The reading node: the caller’s own' })
  @Matches(NODE_ID, { message: 'nodeId must be a six-digit division code' })
  nodeId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'noticeId must be a notice id' })
  noticeId: string;
}
