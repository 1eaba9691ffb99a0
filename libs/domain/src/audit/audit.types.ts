import { registerLabelledEnum } from '@app/federation';
import { Field, GraphQLISODateTime, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsArray, IsDate, IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { AuditAction, AuditOutcome } from './audit-chain';

registerLabelledEnum(AuditAction, { name: 'AuditAction', labels: { mutation: '变更操作', confidential_read: '查阅保密内容', denial: '拒绝访问', login: '登录' } });
registerLabelledEnum(AuditOutcome, { name: 'AuditOutcome', labels: { attempt: '发起', ok: '成功', failed: '失败', denied: '已拒绝', locked: '账号已锁定' } });

@ObjectType({ description: 'One row of a node’s hash-chained audit log' })
export class AuditEntry {
  @Field() nodeId: string;
  @Field(() => Int) seq: number;
  @Field(() => GraphQLISODateTime) at: Date;
  @Field(() => String, { nullable: true }) subject: string | null;
  @Field(() => String, { nullable: true }) callerNodeId: string | null;
  @Field() roles: string;
  @Field(() => AuditAction) action: AuditAction;
  @Field() operation: string;
  @Field() target: string;
  @Field(() => AuditOutcome) outcome: AuditOutcome;
  @Field() detail: string;
  @Field() prevHash: string;
  @Field() hash: string;
}

@InputType()
export class AuditLogFilter {
  @Field(() => String, { nullable: true, description: 'One node of the auditor’s subtree (default: the whole subtree this host holds)' })
  @IsOptional()
  @Matches(/^\d{6}$/)
  nodeId?: string;

  @Field(() => [AuditAction], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(AuditAction, { each: true })
  actions?: AuditAction[];

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  since?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  until?: Date;

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(500)
  first = 50;

  @Field(() => String, { nullable: true, description: 'The previous page’s nextCursor: the entries older than its last one' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  after?: string;
}

@ObjectType({ description: 'Entries of the audit log, newest first; a page stays in place however many are appended meanwhile' })
export class AuditLogPage {
  @Field(() => [AuditEntry]) entries: AuditEntry[];
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last page' }) nextCursor: string | null;
}
