import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { InstructionState, InstructionStatus } from '@ledger/domain';
import type { DocumentHistoryEntry } from '../documents/document-projection';

/** 领导批示: one row per instruction, its state as the instruction's own rules fold it. */
@Entity('rm_instructions')
export class InstructionRow {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'task_id' }) taskId!: string;
  @Column('text', { name: 'notice_id', nullable: true }) noticeId!: string | null;
  @Column('jsonb', { name: 'unit_ids' }) unitIds!: string[];
  @Column('text') status!: Exclude<InstructionStatus, 'empty'>;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
  @Column('jsonb') state!: InstructionState;
  @Column('jsonb') history!: DocumentHistoryEntry[];
  @Column('bigint', { name: 'last_position' }) lastPosition!: string;
}
