import type { DashboardTask, Instruction, ReportListItem, Urge } from './api';
import { instructionTodo, leaderChoices, leaderText, unreportedTasks, urgeablePeriods, urgeOutcomeText, urgeWaitsFor } from './supervision';

const task = (id: string) => ({ id, code: id.slice(-3) }) as DashboardTask;
const report = (taskId: string, period: string, status: ReportListItem['status']) => ({ taskId, period, status }) as ReportListItem;

describe('催报', () => {
  it('picks the tasks without a live report for the period', () => {
    const tasks = [task('plan-P01'), task('plan-P02'), task('plan-P03')];
    const reports = [
      report('plan-P01', '2025-11', 'in_review'),
      report('plan-P02', '2025-11', 'withdrawn'),
      report('plan-P03', '2025-10', 'signed_off'),
    ];
    expect(unreportedTasks(tasks, reports, '2025-11').map((t) => t.code)).toEqual(['P02', 'P03']);
  });

  it('offers the months already ended, all twelve once the year is over', () => {
    expect(urgeablePeriods(2025, new Date('2025-04-10T00:00:00Z'))).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(urgeablePeriods(2025, new Date('2026-02-01T00:00:00Z'))).toHaveLength(12);
  });

  it('tells in Chinese how many were urged and why the others were left out', () => {
    const code = (id: string) => id.slice(-3);
    const outcome = {
      period: '2025-11',
      urged: [{ taskId: 'plan-P01', urgeId: 'u1', unitIds: ['edu'] }],
      skipped: [
        { taskId: 'plan-P02', urgeId: 'u2', reason: 'already_urged' as const },
        { taskId: 'plan-P03', urgeId: 'u3', reason: 'already_reported' as const },
      ],
    };
    expect(urgeOutcomeText(outcome, code)).toEqual({
      summary: '已对 1 项任务催报2025年11月进度报告，2 项未催报。',
      skipped: ['P02：本期已催报', 'P03：本期已报送'],
    });
    expect(urgeOutcomeText({ ...outcome, urged: [] }, code).summary).toBe('未催报任何任务：所选 2 项均无需催报。');
  });

  it('waits for each unit it went to until that unit acknowledges', () => {
    const urge = { unitIds: ['transport', 'post'], acknowledgedBy: ['transport'] } as unknown as Urge;
    expect(urgeWaitsFor(urge, 'transport')).toBe(false);
    expect(urgeWaitsFor(urge, 'post')).toBe(true);
    expect(urgeWaitsFor(urge, 'edu')).toBe(false);
  });
});

describe('领导批示', () => {
  const instruction = {
    unitIds: ['edu'],
    acknowledgedBy: [] as string[],
    reports: [] as Instruction['reports'],
    by: { role: 'deputy_convener', unit: 'hrss', position: '主要负责人' },
  } as Instruction;

  it('asks the unit to read it (阅示), then to report how it was carried out (落实情况)', () => {
    expect(instructionTodo(instruction, 'edu')).toBe('阅示');
    expect(instructionTodo({ ...instruction, acknowledgedBy: ['edu'] }, 'edu')).toBe('落实情况');
    expect(
      instructionTodo({ ...instruction, acknowledgedBy: ['edu'], reports: [{ unitId: 'edu', text: '已落实', at: '' }] }, 'edu'),
    ).toBeNull();
    expect(instructionTodo(instruction, 'health')).toBeNull();
  });

  it('names the leader by role and position, as the plan does', () => {
    expect(leaderText(instruction.by, (id) => (id === 'hrss' ? '市人力资源和社会保障局' : id))).toBe(
      '副召集人（市人力资源和社会保障局主要负责人）',
    );
  });

  it('offers the 召集人 and each 副召集人 of the plan, by position and unit, told apart even within one unit', () => {
    const choices = leaderChoices({
      convener: { role: 'convener', unitId: 'gov', unitName: '市政府', position: '分管副市长' },
      deputyConveners: [
        { role: 'deputy_convener', unitId: 'gov', unitName: '市政府', position: '协管副秘书长' },
        { role: 'deputy_convener', unitId: 'hrss', unitName: '市人力资源和社会保障局', position: '主要负责人' },
      ],
    });
    expect(choices.map((c) => c.label)).toEqual([
      '召集人（市政府分管副市长）',
      '副召集人（市政府协管副秘书长）',
      '副召集人（市人力资源和社会保障局主要负责人）',
    ]);
    expect(choices.map((c) => [c.by, c.byUnit])).toEqual([
      ['convener', 'gov'],
      ['deputy_convener', 'gov'],
      ['deputy_convener', 'hrss'],
    ]);
    expect(new Set(choices.map((c) => c.value)).size).toBe(3);
  });
});
