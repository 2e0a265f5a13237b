import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UrgeState, UrgeStatus } from '@ledger/domain';
import type { DocumentHistoryEntry } from '../documents/document-projection';

/** 催报: one row per task and period urged, its state as the urge's own rules fold it. */
@Entity('rm_urges')
export class UrgeRow {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'task_id' }) taskId!: string;
  @Column('text') period!: string;
  @Column('jsonb', { name: 'unit_ids' }) unitIds!: string[];
  @Column('text') status!: Exclude<UrgeStatus, 'empty'>;
  @Column('timestamptz', { name: 'urged_at' }) urgedAt!: Date;
  @Column('jsonb') state!: UrgeState;
  @Column('jsonb') history!: DocumentHistoryEntry[];
  @Column('bigint', { name: 'last_position' }) lastPosition!: string;
}
