import { implausibleReasons } from '@ledger/domain';
import { isCountingUnit } from '@ledger/plan-catalog';
import { seededRandom, type Random } from './random';

/** What the demo needs of a task, as `GET /api/tasks` answers it. */
export interface DemoTask {
  id: string;
  code: string;
  title: string;
  leadUnits: string[];
  indicators: Array<{
    id: string;
    kind: string;
    target: number | null;
    comparator: string;
    unit: string | null;
  }>;
}

/**
 * How a task's year goes. `ahead` ends at or above its targets, `near` a little below (still
 * 正常推进), `lagging` at 60–85 % (进度滞后), `late` like `near` but its last month(s) never come in
 * (逾期未报, and it is urged: 催报).
 */
export type Profile = 'ahead' | 'near' | 'lagging' | 'late';

export interface IndicatorValue {
  indicatorId: string;
  value: number;
  /** The unit checked a value the API questions (a one-off target met in a month) and confirms it. */
  confirmedImplausible?: true;
}

/** One month of one task: a report through the chain, or nothing (a month the unit never reports). */
export interface MonthStep {
  period: string;
  /** Not reported at all: the month stays 逾期未报. */
  missing: boolean;
  values: IndicatorValue[];
  narrative: string;
  /** The coordinator rejects the first revision (退回); these were its wrong values. */
  rejected?: { values: IndicatorValue[]; reason: string };
  /** Where the report is left: signed off (签发), or waiting at a stage of review. */
  endsAt: 'signed_off' | 'coordinator_review' | 'office_signoff';
}

export interface TaskScript {
  task: DemoTask;
  profile: Profile;
  /** The lead unit that files the reports (its demo account is named by the unit's code). */
  submitter: string;
  /** The co-lead unit that countersigns (会签), for a co-led task. */
  countersigner?: string;
  months: MonthStep[];
  /** A 督办单 the coordinator issues by hand, and how far the unit gets with it. */
  notice?: { matter: string; answer: 'closed' | 'responded' | 'acknowledged' };
}

export interface YearScript {
  seed: string;
  year: number;
  tasks: TaskScript[];
}

export interface YearOptions {
  seed?: string;
  year?: number;
  /** How many months to play from January (12: the whole year). */
  months?: number;
}

export const DEMO_SEED = 'minsheng-2025';

/**
 * The demo year as data: which task lags, which month is returned, what every report says. Pure
 * and seeded, so two runs (or a test and the run it checks) agree on every figure.
 */
export function yearScript(tasks: readonly DemoTask[], options: YearOptions = {}): YearScript {
  const seed = options.seed ?? DEMO_SEED;
  const year = options.year ?? 2025;
  const monthCount = Math.min(12, Math.max(1, options.months ?? 12));
  const random = seededRandom(seed);
  const sorted = [...tasks].sort((a, b) => a.code.localeCompare(b.code));
  const profiles = assignProfiles(sorted, random);

  const scripts: TaskScript[] = sorted.map((task) => {
    const profile = profiles.get(task.id)!;
    const taskRandom = seededRandom(`${seed}/${task.code}`);
    const curve = progressCurve(profile, taskRandom, task.indicators);
    const missingMonths = profile === 'late' ? (monthCount >= 6 ? taskRandom.integer(1, 2) : 1) : 0;
    const months: MonthStep[] = [];
    for (let month = 1; month <= monthCount; month++) {
      const period = `${year}-${String(month).padStart(2, '0')}`;
      const values = task.indicators.map((indicator) => ({
        indicatorId: indicator.id,
        value: valueAt(indicator, curve, month),
      }));
      months.push({
        period,
        missing: month > monthCount - missingMonths,
        values,
        narrative: narrativeOf(profile, month, taskRandom),
        endsAt: 'signed_off',
      });
    }
    const [submitter, countersigner] = task.leadUnits;
    return { task, profile, submitter: submitter!, ...(countersigner ? { countersigner } : {}), months };
  });

  markRejections(scripts, random);
  confirmWhatTheRulesQuestion(scripts);
  leaveSomeInReview(scripts, random, monthCount);
  issueNotices(scripts);
  return { seed, year, tasks: scripts };
}

/**
 * About one task in eight lags and one in fifteen stops reporting; every other one is ahead or
 * near. A scope of even three tasks gets one of each kind that matters to a reader.
 */
function assignProfiles(tasks: readonly DemoTask[], random: Random): Map<string, Profile> {
  const order = random.shuffled(tasks);
  const lagging = Math.max(1, Math.round(tasks.length * 0.12));
  const late = Math.max(1, Math.round(tasks.length * 0.07));
  const profiles = new Map<string, Profile>();
  order.forEach((task, index) => {
    const profile: Profile = index < lagging ? 'lagging' : index < lagging + late ? 'late' : random.chance(0.7) ? 'ahead' : 'near';
    profiles.set(task.id, profile);
  });
  return profiles;
}

/** The year's shape: where the task ends against its targets and how the months get there. */
interface Curve {
  /** The year-end value as a share of the target. */
  finalShare: number;
  /** The share of the year-end value reached by each month (1-based; month 12 is 1). */
  byMonth: number[];
  /** By indicator id: the month a milestone is delivered or a duty is first met (13: not this year). */
  doneMonth: Record<string, number>;
}

function progressCurve(profile: Profile, random: Random, indicators: DemoTask['indicators']): Curve {
  const finalShare =
    profile === 'ahead' ? random.between(1.01, 1.09) : profile === 'lagging' ? random.between(0.6, 0.85) : random.between(0.93, 0.99);
  // Lagging tasks start slow (a steeper curve) and drift; the others keep to the calendar or ahead of it.
  const lagging = profile === 'lagging';
  const exponent = lagging ? random.between(1.1, 1.4) : random.between(0.8, 0.95);
  const byMonth = [0];
  for (let month = 1; month <= 12; month++) {
    const wobble = month === 12 ? 0 : lagging ? random.between(-0.02, 0.02) : random.between(-0.01, 0.03);
    const share = Math.min(1, Math.max(byMonth[month - 1]!, (month / 12) ** exponent + wobble));
    byMonth.push(month === 12 ? 1 : share);
  }
  // A lagging task has left its first deliverable or duty undone, and may be late with the others.
  const undone = indicators.filter((i) => i.kind === 'milestone' || i.kind === 'qualitative' || i.target === null);
  const doneMonth = Object.fromEntries(
    undone.map((indicator, index) => {
      if (profile === 'lagging') return [indicator.id, index === 0 ? 13 : random.integer(4, 13)];
      return [indicator.id, indicator.kind === 'milestone' ? random.integer(5, 11) : 1];
    }),
  );
  return { finalShare, byMonth, doneMonth };
}

/** An indicator's reported value at a month's end, in the indicator's own sense (see plan.yaml's Indicators). */
function valueAt(indicator: DemoTask['indicators'][number], curve: Curve, month: number): number {
  const share = curve.byMonth[month]!;
  if (indicator.kind === 'milestone' || indicator.kind === 'qualitative' || indicator.target === null)
    return month >= curve.doneMonth[indicator.id]! ? 1 : 0;
  const target = indicator.target;
  if (indicator.comparator === '<=') {
    // A ceiling: kept under it, or (lagging) over it by the shortfall.
    const end = curve.finalShare >= 0.93 ? target * 0.96 : target / curve.finalShare;
    return rounded(indicator, end);
  }
  const finalShare = indicator.comparator === '=' && curve.finalShare >= 1 ? 1 : curve.finalShare;
  const end = target * finalShare;
  switch (indicator.kind) {
    case 'cumulative':
    case 'decrease':
      // A year-to-date total: from nothing in January's start to the year-end figure.
      return rounded(indicator, end * share);
    default: {
      // A level (rate, standard): from where last year left it up to the year-end level.
      const start = end * 0.85;
      const level = start + (end - start) * share;
      return rounded(indicator, indicator.kind === 'rate' ? Math.min(100, level) : level);
    }
  }
}

function rounded(indicator: DemoTask['indicators'][number], value: number): number {
  if (isCountingUnit(indicator.unit) || Math.abs(value) >= 1000) return Math.round(value);
  return Math.round(value * 100) / 100;
}

const NARRATIVES: Record<Profile, string[]> = {
  ahead: ['各项工作按计划推进，进度快于序时。', '资金、项目均已落实，按月调度推进。', '已完成年度主要节点任务，持续巩固成效。'],
  near: ['总体按序时推进，个别指标略有滞后，正在加快。', '工作有序推进，已督促相关县市区按时报送数据。'],
  lagging: ['受项目审批和资金拨付影响，进度慢于序时。', '部分项目尚未开工，正协调有关部门加快推进。'],
  late: ['按计划推进，部分县市区数据汇总较慢。', '工作有序推进，基层数据报送不够及时。'],
};

function narrativeOf(profile: Profile, month: number, random: Random): string {
  const options = NARRATIVES[profile];
  return `${month}月进展：${options[random.integer(0, options.length - 1)]}`;
}

const REJECTION_REASONS = ['数据与台账不符，请核实后重新报送。', '累计数与县市区汇总数不一致，请核对。', '佐证说明不充分，请补充后重报。'];

/** About one report in fourteen is sent back once (退回) with wrong figures, then resubmitted right; at least one. */
function markRejections(scripts: TaskScript[], random: Random): void {
  const chains = scripts.flatMap((script) => script.months.filter((step) => !step.missing).map((step) => ({ script, step })));
  const count = Math.max(1, Math.round(chains.length * 0.07));
  for (const { script, step } of random.shuffled(chains).slice(0, count)) {
    const cumulative = new Set(script.task.indicators.filter((i) => i.kind === 'cumulative').map((i) => i.id));
    step.rejected = {
      // Only year-to-date totals are mistyped: a rate or a level over its bounds would be refused, not returned.
      values: step.values.map(({ indicatorId, value }) => ({ indicatorId, value: cumulative.has(indicatorId) ? inflated(value) : value })),
      reason: REJECTION_REASONS[random.integer(0, REJECTION_REASONS.length - 1)]!,
    };
  }
}

/**
 * A value the plausibility rule questions (libs/domain report/plausibility.ts) is sent confirmed,
 * as a unit that has checked it would: a task whose target is 1 (一个中心) goes from 0 to 1 in one
 * month, which is more than half the target at once. Judged against the lowest value of an earlier
 * month, not only the last: which month was last signed off when the report is filed depends on
 * the reports left in review, and a confirmation the rule does not need is dropped by the API.
 */
function confirmWhatTheRulesQuestion(scripts: TaskScript[]): void {
  for (const script of scripts) {
    const targets = new Map(script.task.indicators.map((indicator) => [indicator.id, indicator.target]));
    const lowest = new Map<string, number>();
    for (const step of script.months.filter((month) => !month.missing)) {
      const confirm = (values: IndicatorValue[]) =>
        values.map((entry) => {
          const target = targets.get(entry.indicatorId);
          const lastSignedOff = lowest.get(entry.indicatorId);
          const facts = target ? { target, ...(lastSignedOff !== undefined ? { lastSignedOff } : {}) } : undefined;
          return implausibleReasons(entry.value, facts).length > 0 ? { ...entry, confirmedImplausible: true as const } : entry;
        });
      step.values = confirm(step.values);
      if (step.rejected) step.rejected.values = confirm(step.rejected.values);
      for (const { indicatorId, value } of step.values) lowest.set(indicatorId, Math.min(value, lowest.get(indicatorId) ?? value));
    }
  }
}

/** A plausible slip of the pen: an eighth too much, kept whole for whole numbers. */
function inflated(value: number): number {
  const wrong = value * 1.125;
  return Number.isInteger(value) ? Math.round(wrong) + 1 : Math.round(wrong * 100) / 100;
}

/**
 * In a whole year two tasks' last reports are still with the reviewers, so the 审核 and 签发
 * inboxes have work in them; in a small scope every report goes the whole way.
 */
function leaveSomeInReview(scripts: TaskScript[], random: Random, monthCount: number): void {
  if (scripts.length < 10 || monthCount < 12) return;
  const candidates = random.shuffled(scripts.filter((script) => script.profile === 'ahead' || script.profile === 'near'));
  const stages = ['coordinator_review', 'office_signoff'] as const;
  candidates.slice(0, stages.length).forEach((script, index) => {
    const last = script.months[script.months.length - 1]!;
    last.endsAt = stages[index]!;
  });
}

/** Every lagging task gets a 督办单 from the coordinator; the units answer them as far as a real year would. */
function issueNotices(scripts: TaskScript[]): void {
  const answers = ['closed', 'responded', 'acknowledged'] as const;
  scripts
    .filter((script) => script.profile === 'lagging')
    .forEach((script, index) => {
      script.notice = {
        matter: `${script.task.code}任务完成进度明显慢于序时进度，请分析原因，制定整改措施并按期反馈。`,
        answer: answers[index % answers.length]!,
      };
    });
}

/** Every report the script files, in task and month order. */
export function filedSteps(script: YearScript): Array<{ task: TaskScript; step: MonthStep }> {
  return script.tasks.flatMap((task) => task.months.filter((step) => !step.missing).map((step) => ({ task, step })));
}
