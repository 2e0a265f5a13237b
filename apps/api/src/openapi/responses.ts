import { TASK_STATUS_LABELS } from '@ledger/domain';
import type { JsonSchema } from './schemas';

// The response shapes live as TypeScript interfaces (libs/read-models, apps/api/src/audit); these
// schemas describe the ones the 督办 read side changed, so a client reads from the document what
// the counts mean and what `asOf` does to them.

const string: JsonSchema = { type: 'string' };
const integer: JsonSchema = { type: 'integer' };
const number: JsonSchema = { type: 'number' };
const moment: JsonSchema = { type: 'string', format: 'date-time' };
const nullable = (schema: JsonSchema): JsonSchema => ({ ...schema, nullable: true });
const array = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
const object = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  type: 'object',
  ...(description ? { description } : {}),
  required: Object.keys(properties),
  properties,
});
const level: JsonSchema = { type: 'string', enum: ['blue', 'yellow', 'red'], description: '蓝 / 黄 / 红' };
const levelCounts = (description: string) => object({ blue: integer, yellow: integer, red: integer, total: integer }, description);

const NOW_NOT_AS_OF =
  'Counted on the 督办 board (rm_notices) as it stands now: `asOf` moves schedule progress and closed periods only. ' +
  'A notice as it stood at a moment is in `GET /api/targets/{taskId}/history?asOf`. / 按督办台账当前状态统计，asOf 不回溯督办单。';

const DASHBOARD: JsonSchema = object({
  plan: object({ id: string, title: string, year: integer }),
  asOf: moment,
  schedulePercent: number,
  counts: object({ completed: integer, onTrack: integer, behind: integer, overdue: integer }),
  notices: object(
    { open: levelCounts('督办单 not yet closed (销号), by level; a unit’s view counts those sent to the unit') },
    NOW_NOT_AS_OF,
  ),
  sections: array(
    object({
      code: string,
      title: string,
      categories: array(
        object({
          title: string,
          tasks: array(
            object({
              id: string,
              code: string,
              title: string,
              leadUnits: array(string),
              status: { type: 'string', enum: Object.values(TASK_STATUS_LABELS) },
              percent: number,
              lastReport: nullable(object({ id: string, period: string, status: string })),
              indicators: array(
                object({
                  id: string,
                  name: string,
                  target: nullable(number),
                  unit: nullable(string),
                  value: nullable(number),
                  percent: nullable(number),
                }),
              ),
              notices: object(
                { open: integer, highestLevel: nullable(level) },
                `The task’s open 督办单 and the highest level among them. ${NOW_NOT_AS_OF}`,
              ),
            }),
          ),
        }),
      ),
    }),
  ),
});

const SCORECARD: JsonSchema = object({
  unit: object({ id: string, name: string }),
  asOf: moment,
  tasksLed: array(object({ id: string, code: string, title: string })),
  reports: object({ submitted: integer, onTime: integer, late: integer, returned: integer }),
  stageHours: array(object({ stage: string, visits: integer, averageHours: number })),
  openOverdue: array({
    type: 'object',
    description: 'a missing report (kind missing_report) or an overdue countersign (kind countersign)',
  }),
  notices: object(
    {
      open: levelCounts('not yet closed (销号), by level'),
      closed: { type: 'integer', description: '销号' },
      escalated: { type: 'integer', description: 'rose a level at least once (签收 or 整改反馈 deadline unmet)' },
      answeredLate: { type: 'integer', description: 'answered (整改反馈) by the unit after the response deadline had passed unmet' },
    },
    `The 督办单 sent to the unit. ${NOW_NOT_AS_OF}`,
  ),
});

const HISTORY: JsonSchema = object({
  taskId: string,
  asOf: moment,
  position: { type: 'integer', description: 'the last position recorded at or before asOf: the state is the log folded up to it' },
  state: object({
    indicators: array(object({ id: string, value: nullable(number), percent: nullable(number) })),
    reports: array(object({ id: string, period: string, status: string, revision: integer })),
    notices: array(
      object(
        {
          id: string,
          unitIds: array(string),
          level,
          cause: { type: 'string', enum: ['deadline_near', 'report_missing', 'behind_schedule', 'returned_twice', 'manual'] },
          matter: string,
          periods: array(string),
          status: { type: 'string', enum: ['issued', 'acknowledged', 'responded', 'returned', 'closed'] },
          acknowledgeBy: moment,
          dueAt: moment,
          causeCleared: { type: 'boolean', description: '可销号' },
          issuedAt: moment,
        },
        'a 督办单 of the task as it stood at asOf, replayed from its stream',
      ),
    ),
  }),
  events: array({
    type: 'object',
    required: ['position', 'type', 'label', 'at', 'recordedAt', 'actorId', 'role'],
    properties: {
      position: integer,
      type: string,
      label: { type: 'string', description: 'what a person reads for the type: 提交, 签发, 下发督办单, 签收, 整改反馈, 销号 …' },
      at: moment,
      recordedAt: { ...moment, description: 'when the store recorded it: what asOf is compared with' },
      actorId: string,
      role: string,
      reportId: string,
      noticeId: string,
      comment: string,
      values: array(object({ indicatorId: string, value: number })),
    },
  }),
});

/** The 200 response of these operations, by operation id. */
export const RESPONSES: Record<string, { description: string; name: string; schema: JsonSchema }> = {
  DashboardController_dashboard: { description: 'the plan dashboard / 督查看板', name: 'Dashboard', schema: DASHBOARD },
  ScorecardController_scorecard: { description: 'the unit’s scorecard / 单位评分卡', name: 'Scorecard', schema: SCORECARD },
  AuditController_history: { description: 'the task as it stood at asOf / 任务历史回溯', name: 'TargetHistory', schema: HISTORY },
};
