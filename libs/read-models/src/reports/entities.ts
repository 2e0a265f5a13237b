import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ApprovalChain, AttachmentRef, IndicatorValue } from '@ledger/domain';

export interface ReportHistoryEntry {
  type: string;
  at: string;
  actorId: string;
  role: string;
  stage?: string;
  toStage?: string;
  comment?: string;
  onBehalfOf?: string;
  toActorId?: string;
  /** 收回: the assignee the stage was taken back from. */
  fromActorId?: string;
  urgeId?: string;
  revision?: number;
}

export interface ReportRevision {
  revision: number;
  at: string;
  values: IndicatorValue[];
  narrative: string;
  /** The revision's 佐证材料 (absent when none). */
  attachments?: AttachmentRef[];
}

export interface OpenUrgeView {
  urgeId: string;
  at: string;
  urgedRole: string;
  urgedUnitId?: string;
  message?: string;
  byActorId: string;
}

@Entity('rm_reports')
export class ReportRow {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'plan_id' }) planId!: string;
  @Column('text', { name: 'task_id' }) taskId!: string;
  @Column('text') period!: string;
  @Column('text', { name: 'unit_id' }) unitId!: string;
  @Column('text') status!: 'in_review' | 'returned' | 'withdrawn' | 'signed_off';
  @Column('text', { nullable: true }) stage!: string | null;
  @Column('integer') revision!: number;
  @Column('jsonb') values!: IndicatorValue[];
  @Column('text') narrative!: string;
  @Column('jsonb') history!: ReportHistoryEntry[];
  @Column('text', { name: 'submitted_by' }) submittedBy!: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('jsonb') chain!: ApprovalChain;
  @Column('text', { name: 'countersign_unit', nullable: true }) countersignUnit!: string | null;
  @Column('jsonb') revisions!: ReportRevision[];
  @Column('timestamptz', { name: 'stage_entered_at', nullable: true }) stageEnteredAt!: Date | null;
  @Column('timestamptz', { name: 'stage_due_at', nullable: true }) stageDueAt!: Date | null;
  @Column('boolean') overdue!: boolean;
  @Column('boolean') escalated!: boolean;
  @Column('boolean') opened!: boolean;
  @Column('text', { nullable: true }) assignee!: string | null;
  @Column('jsonb') delegations!: Record<string, string>;
  @Column('jsonb', { name: 'open_urges' }) openUrges!: OpenUrgeView[];
}
