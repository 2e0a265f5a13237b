import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One security event as stored (recordSecurityEvent writes them; the admin and auditors page through them). */
@Entity('security_events')
export class SecurityEventRow {
  // bigserial, read as a number like every int8 of our pools (libs/postgres/src/pool.ts).
  @PrimaryColumn('bigint') id!: number;
  @Column('timestamptz') at!: Date;
  @Column('text') kind!: string;
  @Column('text', { name: 'actor_id', nullable: true }) actorId!: string | null;
  @Column('text', { nullable: true }) username!: string | null;
  @Column('text', { nullable: true }) ip!: string | null;
  @Column('text', { nullable: true }) method!: string | null;
  @Column('text', { nullable: true }) path!: string | null;
  @Column('integer', { nullable: true }) status!: number | null;
  @Column('jsonb') detail!: Record<string, unknown>;
}
