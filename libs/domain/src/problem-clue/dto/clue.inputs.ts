import { Tier } from '@app/federation';
import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ClueStatus } from '../clue.enums';
import { DISPOSAL_STATUSES } from '../clue-state';

const NODE_ID = /^\d{6}$/;

@InputType()
export class RecordClueInput {
  @Field(() => ID, { description: 'The node that found the clue (the caller’s own)' }) @Matches(NODE_ID) nodeId: string;
  @Field(() => Tier, { description: 'The level whose organisation department manages the cadre (干部管理权限)' }) @IsEnum(Tier) managedBy: Tier;
  @Field() @IsString() @Length(1, 50) cadreName: string;
  @Field() @IsString() @Length(1, 100) cadrePosition: string;
  @Field() @IsString() @Length(1, 5_000) allegation: string;
  @Field({ description: 'Where it came from: a talk, a letter, a document check…' }) @IsString() @Length(1, 200) source: string;
}

@InputType()
export class TransferClueInput {
  @Field(() => ID, { description: 'The node that recorded it (the caller’s own)' }) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() clueId: string;
}

@InputType()
export class DisposeClueInput {
  @Field(() => ID, { description: 'The node holding the clue (the caller’s own)' }) @Matches(NODE_ID) nodeId: string;
  @Field(() => ID) @IsUUID() clueId: string;
  @Field(() => ClueStatus, { description: 'received, preliminary verification, case filed, closed or passed on' })
  @IsIn(DISPOSAL_STATUSES)
  status: ClueStatus;
}
