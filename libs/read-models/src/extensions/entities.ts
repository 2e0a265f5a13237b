import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ExtensionState, ExtensionStatus } from '@ledger/domain';
import type { DocumentHistoryEntry } from '../documents/document-projection';

/** 延期申请: one row per request, its state as the request's own rules fold it. */
@Entity('rm_extensions')
export class ExtensionRow {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'task_id' }) taskId!: string;
  @Column('text', { name: 'unit_id' }) unitId!: string;
  @Column('text') status!: Exclude<ExtensionStatus, 'empty'>;
  @Column('text', { nullable: true }) period!: string | null;
  @Column('text', { name: 'notice_id', nullable: true }) noticeId!: string | null;
  @Column('timestamptz', { name: 'requested_at' }) requestedAt!: Date;
  @Column('jsonb') state!: ExtensionState;
  @Column('jsonb') history!: DocumentHistoryEntry[];
  @Column('bigint', { name: 'last_position' }) lastPosition!: string;
}
