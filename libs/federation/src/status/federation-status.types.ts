import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { registerLabelledEnum } from '../labels/labels';
import { RejectReason } from '../transport/transport.types';

registerLabelledEnum(RejectReason, {
  name: 'RejectReason',
  description: 'Why a federation message was refused',
  labels: {
    oversized: '消息超过大小上限',
    malformed: '消息格式错误',
    missing_signature: '缺少签名',
    bad_signature: '签名校验未通过',
    unknown_sender: '发送节点不在层级名录中',
    unknown_type: '未知的消息类型',
    unsupported_schema_version: '不支持的消息版本',
    wrong_direction: '不符合逐级传递方向',
    misaddressed: '收件节点不由本主机服务',
    sequence_conflict: '通道序号冲突',
    invalid_payload: '消息内容无效',
    forged_content: '内容签名不符：非署名机关所发或途中被篡改',
    handler_failed: '多次处理失败，已停止重试',
  },
});

@ObjectType({ description: 'One direction of a parent–child channel between a node of this host and a neighbour' })
export class ChannelStatus {
  @Field(() => ID) peerId: string;
  @Field({ description: 'out: this node sends to the peer; in: this node receives from it' }) direction: string;
  @Field(() => Int, { description: 'out: last sequence number sent' }) lastSeqSent: number;
  @Field(() => Int, { description: 'out: highest sequence number acknowledged by the peer' }) lastSeqAcknowledged: number;
  @Field(() => Int, { description: 'in: last sequence number applied, in order' }) lastSeqApplied: number;
  @Field(() => Int, { description: 'in: messages stored and not yet applied (after a gap, or behind one that is being retried)' }) held: number;
  @Field(() => Int, { description: 'in: failed attempts to apply the message the channel waits on (dead-lettered once they run out)' }) failedAttempts: number;
  @Field({ nullable: true, description: 'in: why the last attempt failed' }) lastError?: string;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'in: when it is tried again' }) nextRetryAt?: Date;
}

@ObjectType()
export class DeadLetter {
  @Field(() => ID) id: string;
  @Field({ nullable: true }) messageId?: string;
  @Field({ nullable: true }) nodeId?: string;
  @Field({ nullable: true }) fromNode?: string;
  @Field({ nullable: true }) type?: string;
  @Field(() => RejectReason) reason: RejectReason;
  @Field() detail: string;
  @Field(() => Int) occurrences: number;
  @Field(() => GraphQLISODateTime) firstSeenAt: Date;
  @Field(() => GraphQLISODateTime) lastSeenAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) replayedAt?: Date;
  @Field({ nullable: true }) replayOutcome?: string;
}

@ObjectType({ description: "An operator's view of one node's federation traffic" })
export class FederationStatus {
  @Field(() => ID) nodeId: string;
  @Field(() => Int, { description: 'Outbox rows never yet published to Redis' }) outboxBacklog: number;
  @Field(() => Int, { description: 'Messages sent but not yet acknowledged by the next hop' }) unacknowledged: number;
  @Field({ nullable: true, description: 'Age in seconds of the oldest unacknowledged message' }) oldestUnacknowledgedSeconds?: number;
  @Field(() => [ChannelStatus]) channels: ChannelStatus[];
  @Field(() => [DeadLetter]) deadLetters: DeadLetter[];
}

@ObjectType()
export class ProbeReceipt {
  @Field(() => ID) messageId: string;
  @Field() nodeId: string;
  @Field() origin: string;
  @Field() label: string;
  @Field(() => Int) bodyBytes: number;
  @Field(() => Int) channelSeq: number;
  @Field(() => GraphQLISODateTime) sentAt: Date;
  @Field(() => GraphQLISODateTime) appliedAt: Date;
}
