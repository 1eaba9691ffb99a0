import { Role } from '@app/federation';
import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

const NODE_ID = /^\d{6}$/;
const NOT_BLANK = /\S/;
export const USERNAME = /^[a-z0-9][a-z0-9_.-]{2,63}$/;
/** At least one letter and one digit; length is checked apart so each rule names itself. */
const PASSWORD_MIX = /^(?=.*\p{L})(?=.*\p{N})/u;

const PasswordRules = () =>
  applyDecorators(
    IsString(),
    MinLength(8, { message: ({ property }) => `${property} must be at least 8 characters` }),
    MaxLength(128),
    Matches(PASSWORD_MIX, { message: ({ property }) => `${property} must contain letters and digits` }),
  );

const RolesRules = () => applyDecorators(ArrayMinSize(1, { message: 'an account needs at least one role' }), ArrayMaxSize(8), ArrayUnique(), IsEnum(Role, { each: true }));

@InputType()
export class CreateAccountInput {
  @Field(() => ID, { description: 'The node the account acts for: the administrator’s own' })
  @Matches(NODE_ID, { message: 'nodeId must be a six-digit division code' })
  nodeId: string;

  @Field({ description: 'Lower-case letters, digits, dot, dash, underscore; 3 to 64; unique on this host' })
  @Matches(USERNAME, { message: 'username must be 3 to 64 lower-case letters, digits, ".", "-" or "_"' })
  username: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'displayName must not be empty' })
  @MaxLength(100)
  displayName: string;

  @Field(() => [Role])
  @RolesRules()
  roles: Role[];

  @Field(() => ID, { nullable: true, description: 'With the role inspected_organisation (alone): the organisation of the node’s register the account acts for' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be an organisation id' })
  organisationId?: string;

  @Field({ description: 'The initial password: 8 to 128 characters with letters and digits' })
  @PasswordRules()
  password: string;
}

@InputType()
export class AccountRef {
  @Field(() => ID, { description: 'The administrator’s own node' })
  @Matches(NODE_ID, { message: 'nodeId must be a six-digit division code' })
  nodeId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'accountId must be an account id' })
  accountId: string;
}

@InputType()
export class SetAccountRolesInput extends AccountRef {
  @Field(() => [Role])
  @RolesRules()
  roles: Role[];

  @Field(() => ID, { nullable: true, description: 'With the role inspected_organisation (alone): the organisation the account acts for' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be an organisation id' })
  organisationId?: string;
}

@InputType()
export class SetAccountDisabledInput extends AccountRef {
  @Field()
  @IsBoolean()
  disabled: boolean;
}

@InputType()
export class ResetAccountPasswordInput extends AccountRef {
  @Field()
  @PasswordRules()
  password: string;
}

@InputType()
export class ChangeMyPasswordInput {
  @Field()
  @IsString()
  @MaxLength(256)
  currentPassword: string;

  @Field()
  @PasswordRules()
  newPassword: string;
}
