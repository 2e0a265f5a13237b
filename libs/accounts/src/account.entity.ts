import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@ledger/domain';

/**
 * The account directory: the only place with personal data (display name, phone). Events
 * name accounts by id, so a person can be corrected or erased without rewriting history.
 */
@Entity('accounts')
export class AccountRow {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') username!: string;
  @Column('text', { name: 'password_hash' }) passwordHash!: string;
  @Column('text') role!: Role;
  @Column('text', { name: 'unit_id', nullable: true }) unitId!: string | null;
  @Column('text', { name: 'display_name' }) displayName!: string;
  @Column('text', { nullable: true }) phone!: string | null;
  @Column('boolean') demo!: boolean;
  @Column('boolean') disabled!: boolean;
  /** The confirmed TOTP secret; null until the account enrols. */
  @Column('text', { name: 'totp_secret', nullable: true }) totpSecret!: string | null;
  /** A secret handed out by enrolment and not yet confirmed with a code. */
  @Column('text', { name: 'totp_pending_secret', nullable: true }) totpPendingSecret!: string | null;
  /** The last TOTP time step accepted: a code is good once. */
  @Column('bigint', { name: 'totp_last_step', nullable: true }) totpLastStep!: number | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
