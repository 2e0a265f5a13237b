import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NoticeCause, NoticeLevel, NoticeState, NoticeStatus } from '@ledger/domain';

/** One step of a notice's history: what happened, when, and who did it (an account id). */
export interface NoticeHistoryEntry {
  type: string;
  at: string;
  actorId: string;
  role: string;
  /** The step's own words: measures, reason, comment, new level, added period, … */
  detail: Record<string, unknown>;
}

/** The 督办 board: one row per notice, its state as the notice's own rules fold it. */
@Entity('rm_notices')
export class NoticeRow {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'plan_id' }) planId!: string;
  @Column('text', { name: 'task_id' }) taskId!: string;
  @Column('jsonb', { name: 'unit_ids' }) unitIds!: string[];
  @Column('text') level!: NoticeLevel;
  @Column('text') cause!: NoticeCause;
  @Column('text') status!: Exclude<NoticeStatus, 'empty'>;
  @Column('timestamptz', { name: 'issued_at' }) issuedAt!: Date;
  @Column('timestamptz', { name: 'due_at' }) dueAt!: Date;
  @Column('boolean', { name: 'cause_cleared' }) causeCleared!: boolean;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @Column('jsonb') state!: NoticeState;
  @Column('jsonb') history!: NoticeHistoryEntry[];
  @Column('bigint', { name: 'last_position' }) lastPosition!: string;
}
