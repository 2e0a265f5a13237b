import type { DataSource } from 'typeorm';
import {
  reportDeadline,
  TASK_FORCE_LEADER_LABELS,
  TASK_STATUS_LABELS,
  type BulletinFigures,
  type InstructionState,
  type NoticeState,
} from '@ledger/domain';
import { loadDashboard, loadScorecard } from '@ledger/read-models';
import { INSTRUCTION_STATUS_LABELS, NOTICE_STATUS_LABELS } from '../audit/labels';

const LAGGING: readonly string[] = [TASK_STATUS_LABELS.behind, TASK_STATUS_LABELS.overdue];

/** The moment a period's bulletin stands at: its reporting deadline, or now while that is still ahead. */
export function bulletinAsOf(period: string, deadlineDay: number, now: string): string {
  const deadline = reportDeadline(period, { period: 'monthly', deadlineDay });
  return deadline < now ? deadline : now;
}

/**
 * The bulletin's figures, read from what the read models already compute: the dashboard as the
 * month's report shows it (loadDashboard with asOf and upToPeriod), each member unit's scorecard,
 * the open red notices of the 督办 board and the instructions recorded up to asOf. Nothing is
 * reckoned here that those do not; this only picks and orders.
 */
export async function draftFigures(
  db: DataSource,
  input: { plan: { id: string; deadlineDay: number }; period: string; memberUnits: string[]; now: string },
): Promise<BulletinFigures> {
  const { plan, period } = input;
  const asOf = bulletinAsOf(period, plan.deadlineDay, input.now);
  const board = (await loadDashboard(db, { planId: plan.id, asOf, upToPeriod: period }))!;
  const tasks = board.sections.flatMap((section) =>
    section.categories.flatMap((category) => category.tasks.map((task) => ({ ...task, section: section.title, category: category.title }))),
  );
  const categories = board.sections.flatMap((section) =>
    section.categories.map((category) => ({
      section: section.code ? `${section.code}、${section.title}` : section.title,
      title: category.title,
      tasks: category.tasks.length,
      percent: round(category.tasks.reduce((sum, task) => sum + task.percent, 0) / Math.max(1, category.tasks.length)),
      behind: category.tasks.filter((task) => task.status === TASK_STATUS_LABELS.behind).length,
      overdue: category.tasks.filter((task) => task.status === TASK_STATUS_LABELS.overdue).length,
    })),
  );

  const scorecards = await Promise.all(input.memberUnits.map((unitId) => loadScorecard(db, unitId, asOf)));
  const ranked = scorecards
    .filter((card) => card !== undefined)
    .map((card) => ({
      unitId: card.unit.id,
      name: card.unit.name,
      ...card.reports,
      onTimePercent: card.reports.submitted === 0 ? null : round((card.reports.onTime / card.reports.submitted) * 100),
      openNotices: card.notices.open,
    }))
    // On-time share first, then fewer late reports, fewer open notices; units that submitted nothing last.
    .sort(
      (a, b) =>
        (b.onTimePercent ?? -1) - (a.onTimePercent ?? -1) ||
        a.late - b.late ||
        a.openNotices.total - b.openNotices.total ||
        a.unitId.localeCompare(b.unitId),
    );
  const units = ranked.map((unit, index) => ({
    rank: index > 0 && sameStanding(ranked[index - 1]!, unit) ? 0 : index + 1,
    ...unit,
  }));
  // Tied units share the rank of the first of them.
  units.forEach((unit, index) => {
    if (unit.rank === 0) unit.rank = units[index - 1]!.rank;
  });

  const taskById = new Map(tasks.map((task) => [task.id, task]));
  const red: Array<{ state: NoticeState }> = await db.query(
    `select state from rm_notices where plan_id = $1 and level = 'red' and status <> 'closed' order by issued_at`,
    [plan.id],
  );
  const instructions: Array<{ state: InstructionState }> = await db.query(
    `select i.state from rm_instructions i join rm_tasks t on t.id = i.task_id
      where t.plan_id = $1 and i.recorded_at <= $2 order by i.recorded_at`,
    [plan.id, asOf],
  );

  return {
    plan: board.plan,
    period,
    asOf,
    schedulePercent: board.schedulePercent,
    headline: { tasks: tasks.length, ...board.counts, openNotices: board.notices.open },
    categories,
    units,
    laggingTasks: tasks
      .filter((task) => LAGGING.includes(task.status))
      .map((task) => ({
        taskId: task.id,
        code: task.code,
        title: task.title,
        leadUnits: task.leadUnits,
        status: task.status,
        percent: task.percent,
      })),
    redNotices: red.flatMap(({ state }) =>
      state.status === 'empty'
        ? []
        : [
            {
              noticeId: state.noticeId,
              taskId: state.taskId,
              code: taskById.get(state.taskId)?.code ?? '',
              title: taskById.get(state.taskId)?.title ?? state.taskId,
              unitIds: state.unitIds,
              matter: state.matter,
              issuedAt: state.issuedAt,
              status: NOTICE_STATUS_LABELS[state.status],
            },
          ],
    ),
    instructions: instructions.flatMap(({ state }) =>
      state.status === 'empty'
        ? []
        : [
            {
              instructionId: state.instructionId,
              taskId: state.taskId,
              code: taskById.get(state.taskId)?.code ?? '',
              by: `${TASK_FORCE_LEADER_LABELS[state.by.role]}（${state.by.position}）`,
              text: state.text,
              status: INSTRUCTION_STATUS_LABELS[state.status],
              reports: state.reports.map(({ unitId, text }) => ({ unitId, text })),
            },
          ],
    ),
  };
}

const sameStanding = (a: { onTimePercent: number | null; late: number }, b: { onTimePercent: number | null; late: number }) =>
  a.onTimePercent === b.onTimePercent && a.late === b.late;

const round = (value: number) => Math.round(value * 100) / 100;
