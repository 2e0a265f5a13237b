import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('rm_task_progress')
export class TaskProgressRow {
  @PrimaryColumn('text', { name: 'task_id' }) taskId!: string;
  @PrimaryColumn('text', { name: 'indicator_id' }) indicatorId!: string;
  @Column('double precision') value!: number;
  @Column('double precision') percent!: number;
  @Column('uuid', { name: 'report_id' }) reportId!: string;
  @Column('text') period!: string;
  @Column('timestamptz', { name: 'signed_off_at' }) signedOffAt!: Date;
}
