import type { DashboardTask, Extension, Instruction, ReportListItem, TaskForce, TaskForceLeader, Urge, UrgeOutcome } from './api';
import { LEADER_LABEL, URGE_SKIP_LABEL } from './labels';
import { periodLabel, periodsOf } from './period';

/** The tasks with no report for the period (a withdrawn one does not count): what 催报 is for. */
export function unreportedTasks(tasks: DashboardTask[], reports: ReportListItem[], period: string): DashboardTask[] {
  const reported = new Set(reports.filter((r) => r.period === period && r.status !== 'withdrawn').map((r) => r.taskId));
  return tasks.filter((task) => !reported.has(task.id));
}

/** The periods one may urge: the plan year's months up to the one just ended (all twelve once the year is over). */
export function urgeablePeriods(year: number, today: Date): string[] {
  const current = `${today.getUTCFullYear()}-${String(today.getUTCMonth() + 1).padStart(2, '0')}`;
  return periodsOf(year).filter((period) => period < current);
}

/** The answer of a 催报 action in Chinese: how many were urged, and which were left out and why. */
export function urgeOutcomeText(outcome: UrgeOutcome, taskCode: (taskId: string) => string): { summary: string; skipped: string[] } {
  const period = periodLabel(outcome.period);
  const summary =
    outcome.urged.length > 0
      ? `已对 ${outcome.urged.length} 项任务催报${period}进度报告${outcome.skipped.length > 0 ? `，${outcome.skipped.length} 项未催报` : ''}。`
      : `未催报任何任务：所选 ${outcome.skipped.length} 项均无需催报。`;
  return { summary, skipped: outcome.skipped.map((s) => `${taskCode(s.taskId)}：${URGE_SKIP_LABEL[s.reason]}`) };
}

/** Whether an urge still waits for this unit's 确认收到. */
export const urgeWaitsFor = (urge: Urge, unitId: string | null) =>
  unitId !== null && urge.unitIds.includes(unitId) && !urge.acknowledgedBy.includes(unitId);

/** What an instruction waits for from this unit: 阅示 first, then 落实情况; null once reported. */
export function instructionTodo(instruction: Instruction, unitId: string | null): '阅示' | '落实情况' | null {
  if (unitId === null || !instruction.unitIds.includes(unitId)) return null;
  if (!instruction.acknowledgedBy.includes(unitId)) return '阅示';
  if (!instruction.reports.some((r) => r.unitId === unitId)) return '落实情况';
  return null;
}

/** 召集人（市政府分管副市长）: the role and the position the plan gives it, never a person. */
export function leaderText(by: Instruction['by'], unitName: (unitId: string) => string): string {
  return `${LEADER_LABEL[by.role]}（${unitName(by.unit)}${by.position}）`;
}

/** One author an instruction may name: the 召集人 or a 副召集人, by position and unit. */
export interface LeaderChoice {
  /** Unique among the choices: the role and the unit (the plan has one position per role and unit). */
  value: string;
  label: string;
  by: TaskForceLeader;
  byUnit: string;
}

/** The task force's 召集人 first, then its 副召集人 in the plan's order, each as leaderText writes it. */
export function leaderChoices(taskForce: Pick<TaskForce, 'convener' | 'deputyConveners'>): LeaderChoice[] {
  return [taskForce.convener, ...taskForce.deputyConveners].map((leader) => ({
    value: `${leader.role}:${leader.unitId}`,
    label: leaderText({ role: leader.role, unit: leader.unitId, position: leader.position }, () => leader.unitName),
    by: leader.role,
    byUnit: leader.unitId,
  }));
}

/** What a request moves: a period's report or a notice's response. */
export const extensionSubject = (extension: Extension) =>
  extension.period ? `${periodLabel(extension.period)}进度报告报送期限` : '督办单办理时限';
