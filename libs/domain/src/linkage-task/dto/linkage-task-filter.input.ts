import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { InspectionKind, LinkageType, RecipientState, TaskRole } from '../linkage-task.enums';

@InputType()
export class LinkageTaskFilterInput {
  @Field(() => TaskRole, { nullable: true, description: 'Tasks the node issued, received, or relays' })
  @IsOptional()
  @IsEnum(TaskRole)
  role?: TaskRole;

  @Field(() => RecipientState, { nullable: true, description: 'The node’s own state on tasks it received' })
  @IsOptional()
  @IsEnum(RecipientState)
  state?: RecipientState;

  @Field(() => InspectionKind, { nullable: true })
  @IsOptional()
  @IsEnum(InspectionKind)
  kind?: InspectionKind;

  @Field(() => LinkageType, { nullable: true })
  @IsOptional()
  @IsEnum(LinkageType)
  linkageType?: LinkageType;

  @Field(() => ID, { nullable: true, description: 'Only this task and everything decomposed from it' })
  @IsOptional()
  @IsUUID('all', { message: 'rootTaskId must be a task id' })
  rootTaskId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  cancelled?: boolean;

  @Field({ nullable: true, description: 'Part of the title' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}
