import {
  PROGRESS_STATUS_LABELS,
  REPORTING_STATUS_LABELS,
  TASK_LIGHT_LABELS,
  TASK_LIGHT_MEANINGS,
  TASK_STATUS_LABELS,
} from '@ledger/domain';
import type { JsonSchema } from './schemas';

// Most response schemas are generated from the handlers' TypeScript types (response-types.ts →
// response-schemas.json); these few are written out so a client reads from the document what the
// counts mean and what `asOf` does to them.

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
/** An object some of whose properties may be absent. */
const partly = (properties: Record<string, JsonSchema>, optional: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  ...object(properties, description),
  properties: { ...properties, ...optional },
});
const level: JsonSchema = { type: 'string', enum: ['blue', 'yellow', 'red'], description: '蓝 / 黄 / 红' };
const levelCounts = (description: string) => object({ blue: integer, yellow: integer, red: integer, total: integer }, description);

const NOW_NOT_AS_OF =
  'Counted on the 督办 board (rm_notices) as it stands now: `asOf` moves schedule progress and closed periods only. ' +
  'A notice as it stood at a moment is in `GET /api/targets/{taskId}/history?asOf`. / 按督办台账当前状态统计，asOf 不回溯督办单。';

const codes = (labels: Record<string, string>, description: string): JsonSchema => ({
  type: 'string',
  enum: Object.keys(labels),
  description: `${description}: ${Object.entries(labels)
    .map(([code, label]) => `${code} = ${label}`)
    .join(', ')}`,
});
const REPORTING = codes(REPORTING_STATUS_LABELS, 'reporting, judged on the latest closed period');
const PROGRESS = codes(PROGRESS_STATUS_LABELS, 'signed-off progress against 序时进度');
const LIGHT = codes(
  TASK_LIGHT_LABELS,
  `红黄绿灯 (${Object.entries(TASK_LIGHT_MEANINGS)
    .map(([code, meaning]) => `${code}: ${meaning}`)
    .join('; ')})`,
);
const countsOf = (labels: Record<string, string>, description: string) =>
  object(Object.fromEntries(Object.keys(labels).map((code) => [code, integer])), description);

const DASHBOARD: JsonSchema = object({
  plan: object({ id: string, title: string, year: integer }),
  asOf: moment,
  schedulePercent: number,
  counts: object(
    { completed: integer, onTrack: integer, behind: integer, overdue: integer },
    'By the one-word status bulletins print (已完成 before 逾期未报 before 进度滞后), over the tasks shown',
  ),
  reporting: countsOf(REPORTING_STATUS_LABELS, 'tasks shown, by reporting status'),
  progress: countsOf(PROGRESS_STATUS_LABELS, 'tasks shown, by progress status (a task overdue on its report still counts here)'),
  lights: countsOf(TASK_LIGHT_LABELS, 'tasks shown, by light'),
  facets: object(
    { categories: array(string), leadUnits: array(string) },
    'what the filters pick from: the categories and lead-unit codes of every task visible before filtering',
  ),
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
              reporting: REPORTING,
              progress: PROGRESS,
              light: LIGHT,
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

const HISTORY: JsonSchema = partly(
  {
    taskId: string,
    asOf: moment,
    position: { type: 'integer', description: 'the last position recorded at or before asOf: the state is the log folded up to it' },
    state: object({
      indicators: array(object({ id: string, name: string, value: nullable(number), percent: nullable(number) })),
      reports: array(
        object(
          {
            id: string,
            period: string,
            status: {
              type: 'string',
              enum: ['in_review', 'returned', 'withdrawn', 'signed_off'],
              description: '审核中 / 已退回 / 已撤回 / 已签发',
            },
            revision: integer,
          },
          'the current report of a period and unit as it stood at asOf: a later submission for the same period and unit takes an earlier one’s place (both stay in events)',
        ),
      ),
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
      urges: array(
        partly(
          {
            id: string,
            period: string,
            unitIds: array(string),
            status: { type: 'string', enum: ['urged', 'acknowledged'], description: '待回应 / 已阅 (every lead unit asked has seen it)' },
            urgedAt: moment,
            acknowledgedBy: array(string),
          },
          { message: string },
          'a 催报 of the task (one per period) as it stood at asOf, replayed from its stream urge-<taskId>-<period>',
        ),
      ),
      extensions: array(
        partly(
          {
            id: string,
            unitId: string,
            deadline: { ...moment, description: 'the deadline in force when it was asked' },
            until: { type: 'string', format: 'date', description: 'the day asked for, by its end in China time' },
            reason: string,
            status: { type: 'string', enum: ['requested', 'approved', 'refused'] },
            requestedAt: moment,
          },
          {
            period: { type: 'string', description: 'the period whose report it moves (or noticeId)' },
            noticeId: { type: 'string', description: 'the notice whose response it moves (or period)' },
            decidedAt: moment,
            comment: { type: 'string', description: 'the office’s comment on an approval, or its reason for a refusal' },
          },
          'a 延期申请 of the task as it stood at asOf, replayed from its stream extension-<id>',
        ),
      ),
      instructions: array(
        partly(
          {
            id: string,
            unitIds: array(string),
            by: object({
              role: { type: 'string', enum: ['convener', 'deputy_convener'], description: '召集人 / 副召集人' },
              unit: string,
              position: string,
            }),
            text: string,
            status: { type: 'string', enum: ['recorded', 'acknowledged', 'reported'], description: '待阅示 / 已阅示 / 已报告落实情况' },
            recordedAt: moment,
            acknowledgedBy: array(string),
            reports: array(object({ unitId: string, text: string, at: moment }, '落实情况, one per unit')),
          },
          { noticeId: string },
          'a 领导批示 of the task as it stood at asOf, replayed from its stream instruction-<id>',
        ),
      ),
    }),
    events: {
      type: 'array',
      description:
        'one page of the timeline, oldest first: the latest `limit` (default 50, at most 200) events of the task recorded at or before asOf, ' +
        'before `cursor` when given / 事件记录（按页，每页最近的若干条）',
      items: {
        type: 'object',
        required: ['position', 'type', 'label', 'at', 'recordedAt', 'actorId', 'role'],
        properties: {
          position: integer,
          type: string,
          label: {
            type: 'string',
            description: 'what a person reads for the type: 提交, 签发, 下发督办单, 签收, 整改反馈, 销号, 催报, 申请延期, 领导批示, 阅示 …',
          },
          period: { type: 'string', description: 'the month the event concerns (its own or its report’s), YYYY-MM, when it concerns one' },
          at: moment,
          recordedAt: { ...moment, description: 'when the store recorded it: what asOf is compared with' },
          actorId: string,
          role: string,
          reportId: string,
          noticeId: string,
          urgeId: string,
          extensionId: string,
          instructionId: string,
          comment: string,
          values: array(object({ indicatorId: string, value: number })),
        },
      },
    },
  },
  {
    earlier: {
      type: 'string',
      description:
        'present while earlier events remain: the cursor of the page before (pass it as `cursor` with the same asOf; also in `Link: rel="next"`) / 更早的记录',
    },
  },
);

const TASK_FORCE_LEADER: JsonSchema = object(
  {
    role: {
      type: 'string',
      enum: ['convener', 'deputy_convener'],
      description: '召集人 / 副召集人: what `by` of POST /api/instructions takes',
    },
    unitId: { type: 'string', description: 'the unit of the position: what `byUnit` of POST /api/instructions takes' },
    unitName: string,
    position: { type: 'string', description: 'the position as the plan names it (分管副市长, 主要负责人): never a person' },
  },
  'a position of the task force',
);

const TASK_FORCE: JsonSchema = object(
  {
    planId: string,
    name: { type: 'string', description: 'the task force’s name, e.g. 民生补短提质攻坚工作专班' },
    convener: TASK_FORCE_LEADER,
    deputyConveners: array(TASK_FORCE_LEADER),
    memberUnits: array(object({ unitId: string, unitName: string }, '成员单位, in the order the plan lists them')),
    office: object({ unitId: string, unitName: string, duties: string }, '工作专班办公室: where it sits and what it does'),
  },
  'the 工作专班 of the plan’s published version, by positions and units only (no person’s name)',
);

const NOTICE_COUNTS = levelCounts('督办单 not yet closed (销号), by level');
const BULLETIN_FIGURES: JsonSchema = object(
  {
    plan: object({ id: string, title: string, year: integer }),
    period: string,
    asOf: { ...moment, description: 'the period’s deadline (or the drafting time while that is ahead): what the figures stand at' },
    schedulePercent: { ...number, description: '序时进度 (%)' },
    headline: object({
      tasks: integer,
      completed: integer,
      onTrack: integer,
      behind: integer,
      overdue: integer,
      openNotices: NOTICE_COUNTS,
    }),
    categories: array(object({ section: string, title: string, tasks: integer, percent: number, behind: integer, overdue: integer })),
    units: array(
      object(
        {
          rank: integer,
          unitId: string,
          name: string,
          submitted: integer,
          onTime: integer,
          late: integer,
          returned: integer,
          onTimePercent: nullable(number),
          openNotices: NOTICE_COUNTS,
        },
        'a member unit, ranked by on-time reporting (its scorecard as of asOf)',
      ),
    ),
    laggingTasks: array(object({ taskId: string, code: string, title: string, leadUnits: array(string), status: string, percent: number })),
    redNotices: array(
      object({
        noticeId: string,
        taskId: string,
        code: string,
        title: string,
        unitIds: array(string),
        matter: string,
        issuedAt: moment,
        status: string,
      }),
    ),
    instructions: array(
      object({
        instructionId: string,
        taskId: string,
        code: string,
        by: string,
        text: string,
        status: string,
        reports: array(object({ unitId: string, text: string })),
      }),
    ),
  },
  'the figures as drafted from the read models; the events carry them whole, so what was published never changes',
);
const BULLETIN_VERSION = {
  version: integer,
  figures: BULLETIN_FIGURES,
  commentary: { type: 'string', description: '通报意见' },
  memberUnits: array(string),
  draftedAt: moment,
};
const BULLETIN: JsonSchema = partly(
  {
    id: { type: 'string', description: 'bulletin-<planId>-<period>' },
    planId: string,
    period: string,
    status: { type: 'string', enum: ['draft', 'published'], description: 'draft: a version waits for 签发 (a unit never sees one)' },
    draft: nullable(object(BULLETIN_VERSION, 'the version waiting for 签发; always null for a unit')),
    published: nullable(
      object(
        { ...BULLETIN_VERSION, publishedAt: moment, readBy: array(object({ unitId: string, at: moment })) },
        'the version in force: what the member units were sent last, and who marked it read (已阅)',
      ),
    ),
    superseded: array(object({ version: integer, publishedAt: moment }, 'a published version a correction replaced')),
  },
  { history: array(object({ type: string, at: moment, actorId: string, role: string, detail: { type: 'object' } })) },
  '督查通报 of a period; `history` for the office’s staff and auditors only',
);

const REPORTING_DEADLINES: JsonSchema = array(
  partly(
    {
      taskId: string,
      unitId: { type: 'string', description: 'the signed-in 牵头单位' },
      period: { type: 'string', description: 'YYYY-MM' },
      deadline: { ...moment, description: 'the deadline in force: a report first submitted after it is late (逾期)' },
      calendarDeadline: { ...moment, description: 'the plan calendar’s: the end of its deadline day in the following month, China time' },
    },
    {
      extensionId: { type: 'string', description: 'the approved 延期申请 of this unit, task and period that moved the deadline' },
      submittedAt: { ...moment, description: 'when the unit first submitted its report of the period (withdrawn ones do not count)' },
    },
  ),
);

/** Operations that answer a file, by operation id: its media type. */
export const FILE_RESPONSES: Record<string, { description: string; mediaType: string }> = {
  BulletinsController_pdf: { description: 'the bulletin as an A4 PDF, fonts embedded / 督查通报 PDF', mediaType: 'application/pdf' },
  BulletinsController_xlsx: {
    description: 'the bulletin’s tables as a workbook / 督查通报 Excel',
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
};

/**
 * The answers written out here rather than generated from their types (response-types.ts): their
 * descriptions say what the counts mean, what `asOf` does to them, and the labels of each code.
 * OPERATION_RESPONSES names them like the generated ones; the contract test holds them to what
 * the API answers.
 */
export const DOCUMENTED_SCHEMAS: Record<string, JsonSchema> = {
  Dashboard: DASHBOARD,
  Scorecard: SCORECARD,
  TargetHistory: HISTORY,
  TaskForce: TASK_FORCE,
  Bulletin: BULLETIN,
  ReportingDeadlines: REPORTING_DEADLINES,
};
