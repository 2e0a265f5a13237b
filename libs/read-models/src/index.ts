export { READ_MODEL_MIGRATIONS } from './schema';
export { createReadModelDataSource, READ_MODEL_ENTITIES } from './data-source';
export { UnitRow, PlanRow, TaskRow, IndicatorRow } from './catalog/entities';
export { TaskProgressRow } from './progress/entities';
export { ReportRow } from './reports/entities';
export type { ReportHistoryEntry, ReportRevision, OpenUrgeView } from './reports/entities';
export { foldReportView } from './reports/report-view';
export type { ReportView as ReportViewRecord } from './reports/report-view';
export type { Projection } from './projector/projection';
export { Projector } from './projector/projector';
export type { ProjectorOptions } from './projector/projector';
export { catalogProjection } from './catalog/catalog.projection';
export { reportViewProjection } from './reports/report-view.projection';
export { taskProgressProjection } from './progress/task-progress.projection';
import { catalogProjection } from './catalog/catalog.projection';
import { reportViewProjection } from './reports/report-view.projection';
import { taskProgressProjection } from './progress/task-progress.projection';

/** The projections the supervision projector runs, in the order they see each event. */
export const SUPERVISION_PROJECTIONS = [catalogProjection, reportViewProjection, taskProgressProjection] as const;
