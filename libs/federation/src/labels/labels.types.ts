import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One value of an enum and its Chinese display name' })
export class EnumValueLabel {
  @Field({ description: 'The value as GraphQL shows it' }) value: string;
  @Field({ description: 'The value as stored, and as fields typed String carry it (states in status events, roles in the audit log)' }) internalValue: string;
  @Field() label: string;
}

@ObjectType({ description: 'An enum of the API with the Chinese display name of each value' })
export class EnumLabels {
  @Field({ description: 'The GraphQL enum name' }) enum: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => [EnumValueLabel]) values: EnumValueLabel[];
}

@ObjectType({ description: 'An error code (extensions.code or extensions.reason) and its Chinese message' })
export class ErrorCodeLabel {
  @Field() code: string;
  @Field() label: string;
}
