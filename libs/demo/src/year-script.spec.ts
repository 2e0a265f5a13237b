import { join } from 'node:path';
import { implausibleReasons, taskPercent } from '@ledger/domain';
import { allTasks, DEFAULT_SEED, loadCatalog } from '@ledger/plan-catalog';
import { yearScript, type DemoTask, type TaskScript } from './year-script';

const root = join(__dirname, '../../..');
const catalog = loadCatalog(join(root, DEFAULT_SEED.planFile), join(root, DEFAULT_SEED.unitsFile));
const TASKS: DemoTask[] = allTasks(catalog.plan).map((task) => ({
  id: `${catalog.plan.id}-${task.code}`,
  code: task.code,
  title: task.title,
  leadUnits: task.leadUnits,
  indicators: task.indicators.map(({ id, kind, target, comparator, unit }) => ({ id, kind, target, comparator, unit })),
}));

/** The task's progress as the board would compute it from the last month the script files. */
function yearEndPercent(script: TaskScript): number {
  const last = [...script.months].reverse().find((step) => !step.missing)!;
  return taskPercent(
    script.task.indicators.map((indicator) => ({
      kind: indicator.kind as never,
      target: indicator.target,
      comparator: indicator.comparator as never,
      value: last.values.find((v) => v.indicatorId === indicator.id)!.value,
    })),
  );
}

describe('the demo year script', () => {
  const script = yearScript(TASKS);

  it('is the same for the same seed and differs for another', () => {
    expect(yearScript(TASKS)).toEqual(script);
    expect(yearScript(TASKS, { seed: 'another' })).not.toEqual(script);
  });

  it('plays all 44 tasks for twelve months, most ending near or above target and a few lagging at 60–85 %', () => {
    expect(script.tasks).toHaveLength(44);
    expect(script.tasks.every((task) => task.months.length === 12)).toBe(true);
    const byProfile = (profile: string) => script.tasks.filter((task) => task.profile === profile);
    expect(byProfile('lagging').length).toBeGreaterThanOrEqual(3);
    expect(byProfile('lagging').length).toBeLessThanOrEqual(7);
    for (const task of byProfile('lagging')) {
      const percent = yearEndPercent(task);
      expect(percent).toBeLessThanOrEqual(85);
      // A task of duties or milestones alone may have done none of them yet; one with figures is at 60 % or more.
      if (task.task.indicators.some((i) => i.target !== null)) expect(percent).toBeGreaterThanOrEqual(55);
    }
    const onCourse = [...byProfile('ahead'), ...byProfile('near')];
    expect(onCourse.length).toBeGreaterThanOrEqual(30);
    for (const task of onCourse) expect(yearEndPercent(task)).toBeGreaterThanOrEqual(90);
  });

  it('lets late tasks miss their last month or two, and files everything else', () => {
    const late = script.tasks.filter((task) => task.profile === 'late');
    expect(late.length).toBeGreaterThanOrEqual(2);
    for (const task of late) {
      const missing = task.months.filter((step) => step.missing).map((step) => step.period);
      expect(missing.length).toBeGreaterThanOrEqual(1);
      expect(missing).toContain('2025-12');
    }
    for (const task of script.tasks.filter((t) => t.profile !== 'late')) expect(task.months.some((step) => step.missing)).toBe(false);
  });

  it('never lowers a year-to-date total from one month to the next', () => {
    for (const task of script.tasks) {
      for (const indicator of task.task.indicators.filter((i) => i.kind === 'cumulative')) {
        const series = task.months.map((step) => step.values.find((v) => v.indicatorId === indicator.id)!.value);
        expect(series).toEqual([...series].sort((a, b) => a - b));
      }
    }
  });

  it('confirms every value the plausibility rule would question, whichever earlier month was last signed off', () => {
    let confirmed = 0;
    for (const task of script.tasks) {
      const filed = task.months.filter((step) => !step.missing);
      filed.forEach((step, index) => {
        for (const entry of [...step.values, ...(step.rejected?.values ?? [])]) {
          const target = task.task.indicators.find((indicator) => indicator.id === entry.indicatorId)!.target;
          if (!target) continue;
          const earlier = filed.slice(0, index).map((month) => month.values.find((v) => v.indicatorId === entry.indicatorId)!.value);
          const questioned = [undefined, ...earlier].some(
            (lastSignedOff) => implausibleReasons(entry.value, { target, lastSignedOff }).length > 0,
          );
          if (questioned) expect(entry).toMatchObject({ confirmedImplausible: true });
          if (entry.confirmedImplausible) confirmed += 1;
        }
      });
    }
    // The plan has one-off targets (1 个), met in a single month: some values are questioned.
    expect(confirmed).toBeGreaterThan(0);
  });

  it('reports whole numbers for indicators that count people and things, and rates within 0–100', () => {
    for (const task of script.tasks)
      for (const step of task.months)
        for (const { indicatorId, value } of step.values) {
          const indicator = task.task.indicators.find((i) => i.id === indicatorId)!;
          if (['人', '台', '个', '户', '所', '家'].includes(indicator.unit ?? '')) expect(Number.isInteger(value)).toBe(true);
          if (indicator.kind === 'rate') expect(value).toBeLessThanOrEqual(100);
          expect(value).toBeGreaterThanOrEqual(0);
        }
  });

  it('returns a few reports with wrong totals that the resubmission corrects, leaves two in review and supervises the laggards', () => {
    const steps = script.tasks.flatMap((task) => task.months);
    const rejected = steps.filter((step) => step.rejected);
    expect(rejected.length).toBeGreaterThanOrEqual(20);
    expect(rejected.length).toBeLessThanOrEqual(60);
    expect(rejected.every((step) => step.rejected!.reason.length > 0)).toBe(true);
    expect(
      steps
        .filter((step) => step.endsAt !== 'signed_off')
        .map((step) => step.endsAt)
        .sort(),
    ).toEqual(['coordinator_review', 'office_signoff']);
    const supervised = script.tasks.filter((task) => task.notice);
    expect(supervised.map((task) => task.profile)).toEqual(supervised.map(() => 'lagging'));
    expect(new Set(supervised.map((task) => task.notice!.answer))).toEqual(new Set(['closed', 'responded', 'acknowledged']));
  });

  it('gives a reduced scope one lagging and one late task and at least one return', () => {
    const small = yearScript(
      TASKS.filter((task) => ['P01', 'P03', 'P15'].includes(task.code)),
      { months: 3 },
    );
    expect(small.tasks.map((task) => task.profile).sort()).toEqual(expect.arrayContaining(['lagging', 'late']));
    expect(small.tasks.flatMap((task) => task.months).some((step) => step.rejected)).toBe(true);
    expect(small.tasks.every((task) => task.months.every((step) => step.endsAt === 'signed_off'))).toBe(true);
    const co = small.tasks.find((task) => task.task.code === 'P15')!;
    expect(co.countersigner).toBe(co.task.leadUnits[1]);
  });
});
