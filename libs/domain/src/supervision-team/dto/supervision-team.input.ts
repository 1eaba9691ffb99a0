import { Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsDate, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';

const NODE_ID = /^\d{6}$/;
const NOT_BLANK = /\S/;

@InputType()
export class TeamMemberInput {
  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'a member’s name must not be empty' })
  @MaxLength(100)
  name: string;

  @Field({ description: 'E.g. 组长, 副组长, 成员' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'a member’s title must not be empty' })
  @MaxLength(100)
  title: string;
}

@InputType()
export class DispatchSupervisionTeamInput {
  @Field(() => ID, { description: 'The dispatching node: the caller’s own' })
  @Matches(NODE_ID, { message: 'nodeId must be a six-digit division code' })
  nodeId: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be empty' })
  @MaxLength(200)
  name: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'purpose must not be empty' })
  @MaxLength(5000)
  purpose: string;

  @Field(() => [TeamMemberInput])
  @ArrayNotEmpty({ message: 'a team needs at least one member' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TeamMemberInput)
  members: TeamMemberInput[];

  @Field(() => [ID], { description: 'The lower nodes the team visits' })
  @ArrayNotEmpty({ message: 'a team visits at least one node' })
  @ArrayMaxSize(500)
  @Matches(NODE_ID, { each: true, message: 'each target must be a six-digit division code' })
  targets: string[];

  @Field(() => GraphQLISODateTime)
  @IsDate()
  visitStart: Date;

  @Field(() => GraphQLISODateTime)
  @IsDate()
  visitEnd: Date;
}

@InputType({ isAbstract: true })
abstract class TeamStepInput {
  @Field(() => ID, { description: 'The acting node: the caller’s own' })
  @Matches(NODE_ID, { message: 'nodeId must be a six-digit division code' })
  nodeId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'teamId must be a team id' })
  teamId: string;
}

@InputType()
export class AcknowledgeSupervisionTeamInput extends TeamStepInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

@InputType()
export class MaterialInput {
  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'a material’s title must not be empty' })
  @MaxLength(200)
  title: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(5000)
  description: string;
}

@InputType()
export class ProvideSupervisionMaterialsInput extends TeamStepInput {
  @Field(() => [MaterialInput])
  @ArrayNotEmpty({ message: 'provide at least one material' })
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => MaterialInput)
  materials: MaterialInput[];
}

@InputType()
export class RequireSupervisionRectificationInput extends TeamStepInput {
  @Field(() => ID, { description: 'The visited node' })
  @Matches(NODE_ID, { message: 'targetId must be a six-digit division code' })
  targetId: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'findings must not be empty' })
  @MaxLength(10000)
  findings: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'requirements must not be empty' })
  @MaxLength(10000)
  requirements: string;

  @Field(() => GraphQLISODateTime)
  @IsDate()
  dueDate: Date;
}

@InputType()
export class RespondSupervisionRectificationInput extends TeamStepInput {
  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'response must not be empty' })
  @MaxLength(10000)
  response: string;
}

@InputType()
export class WithdrawSupervisionTeamInput extends TeamStepInput {
  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason must not be empty' })
  @MaxLength(5000)
  reason: string;
}
