import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('rm_units')
export class UnitRow {
  @PrimaryColumn('text') id!: string;
  @Column('text') code!: string;
  @Column('text') name!: string;
  @Column('jsonb') aliases!: string[];
}

@Entity('rm_plans')
export class PlanRow {
  @PrimaryColumn('text') id!: string;
  @Column('text') title!: string;
  @Column('text') city!: string;
  @Column('integer') year!: number;
  @Column('integer') version!: number;
  @Column('text', { name: 'content_hash' }) contentHash!: string;
  /** The plan calendar: a month's report is due by this day of the next month. */
  @Column('integer', { name: 'deadline_day' }) deadlineDay!: number;
}

@Entity('rm_tasks')
export class TaskRow {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'plan_id' }) planId!: string;
  @Column('text') code!: string;
  @Column('text') title!: string;
  @Column('text') section!: string;
  @Column('text') category!: string;
  @Column('jsonb', { name: 'lead_units' }) leadUnits!: string[];
  @Column('integer') sort!: number;
}

@Entity('rm_indicators')
export class IndicatorRow {
  @PrimaryColumn('text', { name: 'task_id' }) taskId!: string;
  @PrimaryColumn('text', { name: 'indicator_id' }) indicatorId!: string;
  @Column('text') name!: string;
  @Column('text') kind!: 'cumulative' | 'rate' | 'standard' | 'decrease' | 'milestone' | 'qualitative';
  @Column('double precision', { nullable: true }) target!: number | null;
  @Column('text', { nullable: true }) unit!: string | null;
  @Column('text') comparator!: '>=' | '>' | '<=' | '=';
  @Column('text', { name: 'owner_unit', nullable: true }) ownerUnit!: string | null;
  @Column('text') source!: string;
  @Column('integer') sort!: number;
}
