import { addWorkingDays, type WorkingCalendar } from '../working-days';
import type { NoticeCause, NoticeLevel } from './events';
import type { NoticeRules } from './rules';

/** What a task's supervision knows when it looks for trouble. */
export interface TaskWatch {
  now: string;
  /** Every period opened so far, with its report deadline and what became of its report. */
  periods: Array<{ period: string; deadline: string; filed: boolean; signedOff: boolean }>;
  /** The latest signed-off progress against schedule progress, when anything is signed off. */
  progress?: { period: string; taskPercent: number; schedulePercent: number; tolerance: number };
  /** How many of the task's reports were returned or rejected in a row, most recent last. */
  returnsInARow: number;
  /** The task's open notices that supervision issued (by hand ones are a person's business). */
  open: Array<{ noticeId: string; cause: NoticeCause; periods: string[]; causeCleared: boolean }>;
}

/** What supervision does about it; each becomes a command to a notice workflow. */
export type NoticeAction =
  | { kind: 'issue'; cause: Exclude<NoticeCause, 'manual'>; level: NoticeLevel; periods: string[]; matter: string }
  | { kind: 'add_period'; noticeId: string; period: string }
  | { kind: 'clear_cause'; noticeId: string; detail: string };

/**
 * The notices a task's state calls for, one open notice per cause: 蓝 when a deadline is near and
 * nothing is filed; 红 when a deadline passed with nothing filed (a later missing period joins the
 * open red notice); 黄 when signed-off progress trails schedule by more than the tolerance, or
 * reports were returned too often in a row. When a cause goes away its notice is marked 可销号.
 * Pure: the same watch gives the same actions, so a replayed or restarted workflow issues nothing twice
 * (the notice ids are derived from the task, the cause and the first period).
 */
export function noticeActions(watch: TaskWatch, rules: NoticeRules, calendar?: WorkingCalendar): NoticeAction[] {
  const actions: NoticeAction[] = [];
  const openFor = (cause: NoticeCause) => watch.open.find((notice) => notice.cause === cause);

  const missing = watch.periods.filter((p) => !p.filed && watch.now >= p.deadline).map((p) => p.period);
  const red = openFor('report_missing');
  if (red) {
    for (const period of missing.filter((p) => !red.periods.includes(p)))
      actions.push({ kind: 'add_period', noticeId: red.noticeId, period });
    const settled = red.periods.every((period) => watch.periods.find((p) => p.period === period)?.signedOff);
    if (settled && !red.causeCleared && missing.every((p) => red.periods.includes(p)))
      actions.push({ kind: 'clear_cause', noticeId: red.noticeId, detail: `${red.periods.map(monthLabel).join('、')}报告已签发` });
  } else if (missing.length > 0) {
    actions.push({
      kind: 'issue',
      cause: 'report_missing',
      level: 'red',
      periods: missing,
      matter: `${missing.map(monthLabel).join('、')}进展报告逾期未报，请立即报送并说明原因。`,
    });
  }

  const near = watch.periods.filter(
    (p) => !p.filed && watch.now < p.deadline && addWorkingDays(watch.now, rules.blueWorkingDaysBeforeDeadline, calendar) >= p.deadline,
  );
  const blue = openFor('deadline_near');
  if (blue) {
    const settled = blue.periods.every((period) => watch.periods.find((p) => p.period === period)?.filed);
    if (settled && !blue.causeCleared)
      actions.push({ kind: 'clear_cause', noticeId: blue.noticeId, detail: `${blue.periods.map(monthLabel).join('、')}报告已报送` });
  } else if (near.length > 0) {
    const periods = near.map((p) => p.period);
    actions.push({
      kind: 'issue',
      cause: 'deadline_near',
      level: 'blue',
      periods,
      matter: `${periods.map(monthLabel).join('、')}进展报告报送期限临近，请按时报送。`,
    });
  }

  const behind = watch.progress && watch.progress.taskPercent < watch.progress.schedulePercent - watch.progress.tolerance;
  const yellow = openFor('behind_schedule');
  if (yellow && !behind && watch.progress && !yellow.causeCleared) {
    actions.push({ kind: 'clear_cause', noticeId: yellow.noticeId, detail: `${monthLabel(watch.progress.period)}进度已达序时要求` });
  } else if (!yellow && behind && watch.progress) {
    const { period, taskPercent, schedulePercent } = watch.progress;
    actions.push({
      kind: 'issue',
      cause: 'behind_schedule',
      level: 'yellow',
      periods: [period],
      matter: `截至${monthLabel(period)}，完成进度 ${taskPercent}% 落后序时进度 ${schedulePercent}%，请分析原因、制定整改措施。`,
    });
  }

  const returned = openFor('returned_twice');
  if (!returned && watch.returnsInARow >= rules.returnsInARow) {
    actions.push({
      kind: 'issue',
      cause: 'returned_twice',
      level: 'yellow',
      periods: [],
      matter: `进展报告连续 ${watch.returnsInARow} 次被退回，请提高报送质量。`,
    });
  } else if (returned && watch.returnsInARow === 0 && !returned.causeCleared) {
    actions.push({ kind: 'clear_cause', noticeId: returned.noticeId, detail: '最近一次报告已通过审核' });
  }
  return actions;
}

/** `2025-06` → `2025年6月`. */
export function monthLabel(period: string): string {
  const [year, month] = period.split('-');
  return `${year}年${Number(month)}月`;
}
