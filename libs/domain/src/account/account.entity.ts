import { Role } from '@app/federation';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person who logs in to act for one node of this host, in the roles given here. */
@Entity('account')
export class Account {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'node_id', type: 'varchar', length: 6 }) nodeId: string;
  /** Unique on this host, so that logging in needs no node. */
  @Column({ type: 'varchar', length: 64 }) username: string;
  @Column({ name: 'display_name', type: 'varchar', length: 100 }) displayName: string;
  @Column({ type: 'text', array: true }) roles: Role[];
  /** The organisation of the node's register this account acts for (role inspected_organisation alone). */
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true }) organisationId: string | null;
  @Column({ name: 'password_hash', type: 'text' }) passwordHash: string;
  @Column({ type: 'boolean' }) disabled: boolean;
  /** Wrong passwords since the last success or the last lock. */
  @Column({ name: 'failed_attempts', type: 'int' }) failedAttempts: number;
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true }) lockedUntil: Date | null;
  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true }) lastLoginAt: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
