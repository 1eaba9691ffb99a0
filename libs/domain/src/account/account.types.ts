import { Role, Tier } from '@app/federation';
import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A user account of a node (what its administrator sees)' })
export class AccountView {
  @Field(() => ID) id: string;
  @Field(() => ID) nodeId: string;
  @Field() username: string;
  @Field() displayName: string;
  @Field(() => [Role]) roles: Role[];
  @Field(() => ID, { nullable: true, description: 'The organisation an inspected_organisation account acts for' }) organisationId: string | null;
  @Field() disabled: boolean;
  @Field(() => Int, { description: 'Wrong passwords since the last success or lock' }) failedAttempts: number;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Set while the account is locked after repeated wrong passwords' }) lockedUntil?: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) lastLoginAt?: Date;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

@ObjectType({ description: 'Who the caller is: node, roles and, for a person who logged in, the account' })
export class Viewer {
  @Field() subject: string;
  @Field(() => ID) nodeId: string;
  @Field() nodeName: string;
  @Field(() => Tier) tier: Tier;
  @Field(() => [Role]) roles: Role[];
  @Field(() => ID, { nullable: true, description: 'A caller scoped to one organisation: which' }) organisationId: string | null;
  @Field({ description: 'This host, which serves the node' }) hostId: string;
  @Field(() => String, { nullable: true, description: 'Set when the caller logged in with an account (not a CLI token)' }) displayName: string | null;
  @Field(() => String, { nullable: true }) username: string | null;
}

@ObjectType({ description: 'A signed token for the API (Authorization: Bearer …) and whom it is for' })
export class SessionToken {
  @Field() token: string;
  @Field(() => GraphQLISODateTime, { description: 'Renew before this (renewToken) while the console is in use' }) expiresAt: Date;
  @Field(() => Viewer) viewer: Viewer;
}
