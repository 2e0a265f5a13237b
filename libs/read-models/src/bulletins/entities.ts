import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BulletinState, BulletinStatus } from '@ledger/domain';
import type { DocumentHistoryEntry } from '../documents/document-projection';

/** 督查通报: one row per plan and period, its state (every version) as the bulletin's own rules fold it. */
@Entity('rm_bulletins')
export class BulletinRow {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'plan_id' }) planId!: string;
  @Column('text') period!: string;
  @Column('text') status!: Exclude<BulletinStatus, 'empty'>;
  /** The version in force (null before the first 签发): what units may read. */
  @Column('integer', { name: 'published_version', nullable: true }) publishedVersion!: number | null;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt!: Date | null;
  @Column('jsonb') state!: BulletinState;
  @Column('jsonb') history!: DocumentHistoryEntry[];
  @Column('bigint', { name: 'last_position' }) lastPosition!: string;
}
