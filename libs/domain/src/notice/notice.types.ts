import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Paginated } from '../common/pagination';
import { NoticeCategory, NoticeRole } from './notice.enums';

@ObjectType()
export class NoticeReceipt {
  @Field(() => ID) recipientId: string;
  @Field() recipientName: string;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Null until the recipient acknowledges reading' }) readAt?: Date;
}

@ObjectType('Notice', { description: 'A notice (通报) as one node holds it' })
export class NoticeView {
  @Field(() => ID) id: string;
  @Field(() => ID) nodeId: string;
  @Field(() => NoticeRole) role: NoticeRole;
  @Field(() => ID) issuerId: string;
  @Field() issuerName: string;
  @Field() title: string;
  @Field() body: string;
  @Field(() => NoticeCategory) category: NoticeCategory;
  @Field(() => GraphQLISODateTime) issuedAt: Date;
  @Field(() => Int, { description: 'Recipients this node sees (itself and those below it)' }) recipientCount: number;
  @Field(() => Int) readCount: number;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When this node itself read it, if it is a recipient' }) readAt?: Date;
}

@ObjectType()
export class NoticePage extends Paginated(NoticeView) {}
