import { DataSource } from 'typeorm';
import { IndicatorRow, PlanRow, TaskRow, UnitRow } from './catalog/entities';
import { TaskProgressRow } from './progress/entities';
import { NoticeRow } from './notices/entities';
import { ReportRow } from './reports/entities';
import { UrgeRow } from './urges/entities';
import { ExtensionRow } from './extensions/entities';
import { InstructionRow } from './instructions/entities';
import { BulletinRow } from './bulletins/entities';

export const READ_MODEL_ENTITIES = [
  UnitRow,
  PlanRow,
  TaskRow,
  IndicatorRow,
  TaskProgressRow,
  ReportRow,
  NoticeRow,
  UrgeRow,
  ExtensionRow,
  InstructionRow,
  BulletinRow,
];

/** TypeORM over the read-model tables; the schema comes from READ_MODEL_MIGRATIONS, not from sync. */
export function createReadModelDataSource(url: string, extraEntities: Function[] = []): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: [...READ_MODEL_ENTITIES, ...extraEntities],
    synchronize: false,
    logging: false,
    extra: { max: 10 },
  });
}
