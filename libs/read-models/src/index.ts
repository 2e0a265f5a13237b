export { READ_MODEL_MIGRATIONS, READ_MODEL_TABLES, readModelDdl } from './schema';
export type { ReadModelTable } from './schema';
export { createReadModelDataSource, READ_MODEL_ENTITIES } from './data-source';
export { UnitRow, PlanRow, TaskRow, IndicatorRow } from './catalog/entities';
export { TaskProgressRow } from './progress/entities';
export { ReportRow } from './reports/entities';
export type { ReportHistoryEntry, ReportRevision, OpenUrgeView } from './reports/entities';
export { foldReportView } from './reports/report-view';
export type { ReportView as ReportViewRecord } from './reports/report-view';
export { revisionDiff } from './reports/revision-diff';
export type { IndicatorChange } from './reports/revision-diff';
export type { Projection } from './projector/projection';
export { Projector } from './projector/projector';
export type { ProjectorOptions } from './projector/projector';
export { rebuildReadModels, verifyReadModels } from './projector/rebuild';
export type { RebuildOptions, RebuildResult, VerifyResult, TableDifference } from './projector/rebuild';
export { catalogProjection } from './catalog/catalog.projection';
export { reportViewProjection } from './reports/report-view.projection';
export { taskProgressProjection } from './progress/task-progress.projection';
export { actionsProjection } from './actions/actions.projection';
export { targetRecordsProjection } from './targets/target-records.projection';
export { noticesProjection, applyNoticeEvent } from './notices/notices.projection';
export { NoticeRow } from './notices/entities';
export type { NoticeHistoryEntry } from './notices/entities';
export type { DocumentHistoryEntry, DocumentRecord } from './documents/document-projection';
export { UrgeRow } from './urges/entities';
export { urgeReadModel, urgesProjection } from './urges/urges.projection';
export { ExtensionRow } from './extensions/entities';
export { extensionReadModel, extensionsProjection } from './extensions/extensions.projection';
export { InstructionRow } from './instructions/entities';
export { instructionReadModel, instructionsProjection } from './instructions/instructions.projection';
export { BulletinRow } from './bulletins/entities';
export { bulletinReadModel, bulletinsProjection } from './bulletins/bulletins.projection';
export { notificationId, notificationsProjection } from './notifications/notifications.projection';
export { taskBoardProjection } from './board/task-board.projection';
export { unitScorecardProjection } from './scorecard/unit-scorecard.projection';
export { advanceTaskHead, TASK_SNAPSHOT_INTERVAL, taskHistoryProjection } from './history/task-history.projection';
export { evolveTaskFold, foldTaskEvents, initialTaskFold, ownerOf, TASK_HISTORY_EVENT_TYPES } from './history/task-fold';
export type { StreamOwner, TaskFold, TaskHistoryEvent } from './history/task-fold';
export { loadDashboard, taskBoard } from './dashboard/dashboard.query';
export type { Dashboard, DashboardFilter, DashboardTask, DashboardOptions, NoticeLevelCounts } from './dashboard/dashboard.query';
export { DONE_LIMIT, inboxItem, loadInbox, loadInboxDone, waitingCondition, WAITING_ORDER_SQL } from './inbox/inbox.query';
export type { Inbox, InboxItem, InboxDone, InboxViewer } from './inbox/inbox.query';
export { answeredLate, loadScorecard, stageVisits } from './scorecard/scorecard.query';
export type { Scorecard, StageVisit } from './scorecard/scorecard.query';
import { actionsProjection } from './actions/actions.projection';
import { catalogProjection } from './catalog/catalog.projection';
import { reportViewProjection } from './reports/report-view.projection';
import { taskProgressProjection } from './progress/task-progress.projection';
import { targetRecordsProjection } from './targets/target-records.projection';
import { noticesProjection } from './notices/notices.projection';
import { urgesProjection } from './urges/urges.projection';
import { extensionsProjection } from './extensions/extensions.projection';
import { instructionsProjection } from './instructions/instructions.projection';
import { bulletinsProjection } from './bulletins/bulletins.projection';
import { notificationsProjection } from './notifications/notifications.projection';
import { taskBoardProjection } from './board/task-board.projection';
import { unitScorecardProjection } from './scorecard/unit-scorecard.projection';
import { taskHistoryProjection } from './history/task-history.projection';

/** The projections the supervision projector runs, in the order they see each batch. */
export const SUPERVISION_PROJECTIONS = [
  catalogProjection,
  reportViewProjection,
  taskProgressProjection,
  actionsProjection,
  targetRecordsProjection,
  noticesProjection,
  urgesProjection,
  extensionsProjection,
  instructionsProjection,
  bulletinsProjection,
  notificationsProjection,
  taskBoardProjection,
  unitScorecardProjection,
  taskHistoryProjection,
] as const;
