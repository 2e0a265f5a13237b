import { join, resolve } from 'node:path';

import { DEFAULT_SEED, UNIT_CODE_PATTERN, allTasks, catalogDigest, findUnitBySpelling, loadCatalog } from './index';
import type { Catalog, Indicator } from './index';

const repoRoot = resolve(__dirname, '../../..');
const load = (): Catalog => loadCatalog(join(repoRoot, DEFAULT_SEED.planFile), join(repoRoot, DEFAULT_SEED.unitsFile));

describe('the default seed', () => {
  const catalog = load();
  const { plan, units, taskForce } = catalog;
  const tasks = allTasks(plan);
  const indicators = tasks.flatMap((t) => t.indicators);
  const indicator = (id: string): Indicator => {
    const found = indicators.find((i) => i.id === id);
    if (!found) throw new Error(`no indicator ${id}`);
    return found;
  };

  it('loads from paths relative to the repository root', () => {
    const cwd = process.cwd();
    try {
      process.chdir(repoRoot);
      expect(loadCatalog(DEFAULT_SEED.planFile, DEFAULT_SEED.unitsFile)).toEqual(catalog);
    } finally {
      process.chdir(cwd);
    }
  });

  it('describes the plan', () => {
    expect(DEFAULT_SEED.planFile).toBe(`seeds/${plan.id}/plan.yaml`);
    expect(plan.city).toMatch(/市$/);
    expect(plan).toMatchObject({ year: 2025, title: '2025年民生补短提质攻坚实施方案' });
    expect(plan.calendar).toEqual({ period: 'monthly', deadlineDay: 25 });
    expect(plan.sections.map((s) => `${s.code}、${s.title}`)).toEqual(['二、攻坚任务']);
  });

  it('holds the 44 tasks of the text: P01–P24, C01–C10, E01–E03, B01–B03, G01–G04 in order', () => {
    const codes = (prefix: string, n: number): string[] =>
      Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);
    expect(tasks).toHaveLength(44);
    expect(tasks.map((t) => t.code)).toEqual([...codes('P', 24), ...codes('C', 10), ...codes('E', 3), ...codes('B', 3), ...codes('G', 4)]);
    // seq is the number the text gives the task within its group.
    expect(tasks.filter((t) => t.code.startsWith('P')).map((t) => t.seq)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(tasks.filter((t) => t.code.startsWith('C')).map((t) => t.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('groups the tasks as the text does', () => {
    const categories = plan.sections.flatMap((s) => s.categories);
    expect(categories.map((c) => c.code)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `(一)${i + 1}`),
      '(二)',
      '(三)',
      '(四)',
      '(五)',
    ]);
    expect(categories[0]).toMatchObject({
      title: '办好省定十大重点民生实事 / 促进教育高质量发展',
      group: { code: '(一)', title: '办好省定十大重点民生实事' },
    });
    expect(categories.map((c) => c.tasks.length)).toEqual([3, 2, 5, 1, 2, 2, 1, 2, 2, 4, 10, 3, 3, 4]);
  });

  it('gives every task a lead unit and an indicator', () => {
    for (const task of tasks) {
      expect(task.leadUnits.length).toBeGreaterThanOrEqual(1);
      expect(task.indicators.length).toBeGreaterThanOrEqual(1);
    }
    expect(indicators).toHaveLength(114);
    expect(new Set(indicators.map((i) => i.id)).size).toBe(indicators.length);
  });

  it('stores targets in base units', () => {
    expect(indicator('P01-1')).toMatchObject({ name: '补充配置电脑', kind: 'cumulative', target: 38801, unit: '台', comparator: '>=' });
    expect(indicator('P04-1')).toMatchObject({ name: '新增城镇就业', target: 58000, unit: '人', comparator: '>=' });
    expect(indicator('P05-4')).toMatchObject({ name: '新发放创业担保贷款', target: 400000000, unit: '元' });
    expect(indicator('P23-1')).toMatchObject({
      target: 193200000,
      unit: '元',
      source: '落实资金19320万元巩固提升10千伏及以下农村配电网工程',
    });
    expect(indicator('P22-1')).toMatchObject({ name: '恢复和改善灌溉面积', target: 117000, unit: '亩' });
    expect(indicator('P22-2')).toMatchObject({ target: 6720000, unit: '立方米' });
    expect(indicator('P06-2')).toMatchObject({ target: 2008800, unit: '人' });
    expect(indicator('P16-2')).toMatchObject({ name: '一网通办率', kind: 'rate', target: 90, unit: '%', comparator: '>=' });
    expect(indicator('C10-2')).toMatchObject({ kind: 'standard', target: 2.9, unit: '平方米' });
    expect(indicator('G03-3')).toMatchObject({ kind: 'rate', target: 97.3, unit: '%' });
  });

  it('keeps sub-targets as their own indicators', () => {
    const p05 = tasks.find((t) => t.code === 'P05')!;
    expect(p05.indicators.map((i) => [i.kind, i.target, i.unit])).toEqual([
      ['cumulative', 22000, '人次'],
      ['cumulative', 12000, '人次'],
      ['milestone', null, null],
      ['cumulative', 400000000, '元'],
    ]);
    const p12 = tasks.find((t) => t.code === 'P12')!;
    expect(p12.indicators.filter((i) => i.kind === 'standard').map((i) => [i.target, i.unit])).toEqual([
      [740, '元/月'],
      [485, '元/月'],
      [100, '元/月·人'],
      [1200, '元/月'],
      [1700, '元/月'],
    ]);
    const p16 = tasks.find((t) => t.code === 'P16')!;
    expect(p16.indicators).toHaveLength(15);
    expect(p16.indicators.filter((i) => i.target !== null).map((i) => i.target)).toEqual([90, 100, 3, 60, 50, 7, 16, 74, 4, 3, 586, 100]);
  });

  it('maps the comparators of the text', () => {
    expect(indicator('P04-2').comparator).toBe('>='); // 12.2万人以上
    expect(indicator('P06-1').comparator).toBe('>='); // 不低于99元/人
    expect(indicator('P16-3').comparator).toBe('>='); // 不少于100项
    expect(indicator('G02-6')).toMatchObject({ kind: 'decrease', target: 1, unit: '微克/立方米', comparator: '>' }); // 下降超1
    expect(indicator('G02-2')).toMatchObject({ kind: 'standard', target: 2, unit: '辆/桩', comparator: '<=' }); // 车桩增量比2:1
    expect(indicator('E01-2')).toMatchObject({ kind: 'standard', target: 0, unit: '户', comparator: '<=' }); // 动态清零
  });

  it('gives milestones and qualitative duties no target and no unit', () => {
    const nonNumeric = indicators.filter((i) => i.kind === 'milestone' || i.kind === 'qualitative');
    expect(nonNumeric.length).toBeGreaterThan(0);
    for (const i of nonNumeric) expect([i.target, i.unit]).toEqual([null, null]);
    expect(indicator('P05-3').kind).toBe('milestone');
    expect(indicator('C01-1')).toMatchObject({ name: '建设智慧停车管理平台', kind: 'milestone' });
  });

  it('assigns every indicator of a co-led task to one of its leads', () => {
    const coLed = tasks.filter((t) => t.leadUnits.length > 1);
    expect(coLed.map((t) => [t.code, t.leadUnits])).toEqual([
      ['P15', ['transport', 'post']],
      ['P16', ['data', 'hrss']],
    ]);
    for (const task of coLed) for (const i of task.indicators) expect(task.leadUnits).toContain(i.ownerUnit);
    expect(indicator('P16-2').ownerUnit).toBe('data');
    expect(indicator('P16-8').ownerUnit).toBe('hrss');
  });

  it('registers the units with their spellings', () => {
    for (const unit of units) expect(unit.code).toMatch(UNIT_CODE_PATTERN);
    expect(findUnitBySpelling(units, '市卫健委')?.code).toBe('health');
    expect(findUnitBySpelling(units, '市卫生健康委')?.code).toBe('health');
    expect(findUnitBySpelling(units, '市人社局')?.code).toBe('hrss');
    expect(findUnitBySpelling(units, '市人力资源和社会保障局')?.code).toBe('hrss');
    expect(findUnitBySpelling(units, '市发改委')?.code).toBe('development-reform');
    expect(findUnitBySpelling(units, '市发展改革委')?.code).toBe('development-reform');
    expect(findUnitBySpelling(units, '市无此局')).toBeUndefined();
  });

  it('describes the task force of the mechanism section', () => {
    expect(taskForce.name).toBe('民生补短提质攻坚工作专班');
    expect(taskForce.convener).toEqual({ unit: 'gov', position: '分管副市长' });
    expect(taskForce.deputyConveners).toEqual([
      { unit: 'gov', position: '协管副秘书长' },
      { unit: 'hrss', position: '主要负责人' },
      { unit: 'ecology-environment', position: '主要负责人' },
      { unit: 'agriculture', position: '主要负责人' },
    ]);
    expect(taskForce.memberUnits).toHaveLength(25);
    expect(taskForce.office).toEqual({ unit: 'hrss', duties: '负责日常协调和调度工作' });
    // Every lead unit sits on the task force.
    const leads = new Set(tasks.flatMap((t) => t.leadUnits));
    expect([...leads].filter((u) => !taskForce.memberUnits.includes(u))).toEqual([]);
  });

  it('has a stable digest', () => {
    expect(catalogDigest(load())).toBe(catalogDigest(catalog));
    expect(catalogDigest(catalog)).toMatch(/^[0-9a-f]{64}$/);
  });
});
