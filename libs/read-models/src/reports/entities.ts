import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface ReportHistoryEntry {
  type: string;
  at: string;
  actorId: string;
  role: string;
  stage?: string;
  comment?: string;
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
  @Column('jsonb') values!: { indicatorId: string; value: number }[];
  @Column('text') narrative!: string;
  @Column('jsonb') history!: ReportHistoryEntry[];
  @Column('text', { name: 'submitted_by' }) submittedBy!: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
