/**
 * Broken copies of the real seed (edited in memory) and of small fixtures (test-fixtures/): each must
 * fail with a CatalogError naming the file, the task and the field.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

import { CatalogError, DEFAULT_SEED, allTasks, loadCatalog, parseCatalog } from './index';

const repoRoot = resolve(__dirname, '../../..');
const fixtures = resolve(__dirname, '../test-fixtures');
const planText = readFileSync(join(repoRoot, DEFAULT_SEED.planFile), 'utf8');
const unitsText = readFileSync(join(repoRoot, DEFAULT_SEED.unitsFile), 'utf8');
const names = { planFile: DEFAULT_SEED.planFile, unitsFile: DEFAULT_SEED.unitsFile };

/** The parsed YAML, edited freely by the cases below. */
type Doc = ReturnType<typeof parse>;

function taskOf(plan: Doc, code: string): Doc {
  for (const section of plan.sections)
    for (const category of section.categories) for (const task of category.tasks) if (task.code === code) return task;
  throw new Error(`no task ${code} in the seed`);
}

function errorOf(run: () => unknown): CatalogError {
  try {
    run();
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw error;
  }
  throw new Error('expected a CatalogError, but the catalogue loaded');
}

/** Parses the seed after `edit` changed its parsed plan and units. */
function brokenBy(edit: (plan: Doc, units: Doc) => void): CatalogError {
  const plan = parse(planText);
  const units = parse(unitsText);
  edit(plan, units);
  return errorOf(() => parseCatalog(stringify(plan), stringify(units), names));
}

interface Expected {
  file: string;
  taskCode?: string;
  field: string;
  detail: RegExp;
}

function expectError(error: CatalogError, expected: Expected): void {
  expect(error).toBeInstanceOf(CatalogError);
  expect(error).toBeInstanceOf(Error);
  expect(error.file).toBe(expected.file);
  expect(error.taskCode).toBe(expected.taskCode);
  expect(error.field).toBe(expected.field);
  expect(error.detail).toMatch(expected.detail);
  // The message names them too.
  expect(error.message).toContain(expected.file);
  if (expected.taskCode) expect(error.message).toContain(`task ${expected.taskCode}`);
  expect(error.message).toContain(`field ${expected.field}`);
}

const PLAN = DEFAULT_SEED.planFile;
const UNITS = DEFAULT_SEED.unitsFile;

const cases: [string, (plan: Doc, units: Doc) => void, Expected][] = [
  [
    'approval chain stage with an unknown role',
    (plan) => (plan.approvalChain.stages[1].role = 'auditor'),
    { file: PLAN, field: 'approvalChain.stages[1].role', detail: /must be one of/ },
  ],
  [
    'approval chain stage with an unknown action',
    (plan) => plan.approvalChain.stages[2].actions.push('sign'),
    { file: PLAN, field: 'approvalChain.stages[2].actions[7]', detail: /unknown action "sign"/ },
  ],
  [
    'approval chain whose last stage cannot sign off',
    (plan) => plan.approvalChain.stages.splice(1, 2),
    { file: PLAN, field: 'approvalChain.stages[0]', detail: /last stage signs off/ },
  ],
  [
    'approval chain whose separation of duties is not a boolean',
    (plan) => (plan.approvalChain.separationOfDuties = 'yes'),
    { file: PLAN, field: 'approvalChain.separationOfDuties', detail: /must be true or false/ },
  ],
  [
    'a task override of the chain with a duplicate stage id',
    (plan) => (taskOf(plan, 'P01').approvalChain = { stages: [plan.approvalChain.stages[1], plan.approvalChain.stages[1]] }),
    { file: PLAN, taskCode: 'P01', field: 'approvalChain.stages[1].id', detail: /duplicate stage id "coordinator_review"/ },
  ],
  [
    'unknown unit code in leadUnits',
    (plan) => (taskOf(plan, 'P03').leadUnits = ['womens-federation']),
    { file: PLAN, taskCode: 'P03', field: 'leadUnits[0]', detail: /unknown unit code "womens-federation"/ },
  ],
  [
    'unknown unit code as second lead',
    (plan) => (taskOf(plan, 'P15').leadUnits = ['transport', 'postal']),
    { file: PLAN, taskCode: 'P15', field: 'leadUnits[1]', detail: /unknown unit code "postal"/ },
  ],
  [
    'unknown unit code in ownerUnit',
    (plan) => (taskOf(plan, 'P15').indicators[1].ownerUnit = 'postal'),
    { file: PLAN, taskCode: 'P15', field: 'indicators[1].ownerUnit', detail: /unknown unit code "postal"/ },
  ],
  [
    'duplicate indicator id',
    (plan) => (taskOf(plan, 'P01').indicators[1].id = 'P01-1'),
    { file: PLAN, taskCode: 'P01', field: 'indicators[1].id', detail: /duplicate indicator id "P01-1"/ },
  ],
  [
    'indicator id not of its task',
    (plan) => (taskOf(plan, 'P02').indicators[0].id = 'P01-9'),
    { file: PLAN, taskCode: 'P02', field: 'indicators[0].id', detail: /must read P02-<n>/ },
  ],
  [
    'duplicate task code',
    (plan) => (taskOf(plan, 'C02').code = 'C01'),
    { file: PLAN, taskCode: 'C01', field: 'code', detail: /duplicate task code "C01"/ },
  ],
  [
    'duplicate unit code',
    (_plan, units) => (units.units[3].code = units.units[2].code),
    { file: UNITS, field: 'units[3].code', detail: /duplicate unit code "edu"/ },
  ],
  [
    'duplicate alias across units',
    (_plan, units) => units.units.find((u: Doc) => u.code === 'post').aliases.push('市卫健委'),
    { file: UNITS, field: 'units[19].aliases[1]', detail: /duplicate unit alias "市卫健委".*"health"/ },
  ],
  [
    'alias equal to another unit’s name',
    (_plan, units) => units.units.find((u: Doc) => u.code === 'finance').aliases.push('市教育局'),
    { file: UNITS, field: 'units[5].aliases[1]', detail: /duplicate unit alias "市教育局".*"edu"/ },
  ],
  [
    'duplicate alias within a unit',
    (_plan, units) => units.units.find((u: Doc) => u.code === 'edu').aliases.push('市教育局'),
    { file: UNITS, field: 'units[2].aliases[1]', detail: /duplicate unit alias "市教育局" within unit "edu"/ },
  ],
  [
    'unit code not short lowercase ASCII',
    (_plan, units) => (units.units[2].code = 'Edu'),
    { file: UNITS, field: 'units[2].code', detail: /must match/ },
  ],
  [
    'missing target on a cumulative indicator',
    (plan) => delete taskOf(plan, 'P01').indicators[0].target,
    { file: PLAN, taskCode: 'P01', field: 'indicators[0].target', detail: /missing target for kind cumulative/ },
  ],
  [
    'null target on a rate',
    (plan) => (taskOf(plan, 'P16').indicators[1].target = null),
    { file: PLAN, taskCode: 'P16', field: 'indicators[1].target', detail: /missing target for kind rate/ },
  ],
  [
    'non-finite target (.inf)',
    (plan) => (taskOf(plan, 'P04').indicators[0].target = Infinity),
    { file: PLAN, taskCode: 'P04', field: 'indicators[0].target', detail: /finite number.*Infinity/ },
  ],
  [
    'non-finite target (.nan) on a decrease',
    (plan) => (taskOf(plan, 'G02').indicators[5].target = NaN),
    { file: PLAN, taskCode: 'G02', field: 'indicators[5].target', detail: /finite number for kind decrease/ },
  ],
  [
    'target written as text, not in base units',
    (plan) => (taskOf(plan, 'P04').indicators[0].target = '5.8万'),
    { file: PLAN, taskCode: 'P04', field: 'indicators[0].target', detail: /finite number.*"5.8万"/ },
  ],
  [
    'non-null target on a milestone',
    (plan) => (taskOf(plan, 'P05').indicators[2].target = 1),
    { file: PLAN, taskCode: 'P05', field: 'indicators[2].target', detail: /milestone indicator has no target/ },
  ],
  [
    'non-null target on a qualitative duty',
    (plan) => (taskOf(plan, 'B01').indicators[0].target = 0),
    { file: PLAN, taskCode: 'B01', field: 'indicators[0].target', detail: /qualitative indicator has no target/ },
  ],
  [
    'unit on a qualitative duty',
    (plan) => (taskOf(plan, 'B01').indicators[0].unit = '%'),
    { file: PLAN, taskCode: 'B01', field: 'indicators[0].unit', detail: /qualitative indicator has no unit/ },
  ],
  [
    'bad comparator',
    (plan) => (taskOf(plan, 'P01').indicators[0].comparator = '=>'),
    { file: PLAN, taskCode: 'P01', field: 'indicators[0].comparator', detail: /bad comparator "=>"/ },
  ],
  [
    'missing comparator on a quantitative indicator',
    (plan) => delete taskOf(plan, 'P01').indicators[0].comparator,
    { file: PLAN, taskCode: 'P01', field: 'indicators[0].comparator', detail: /bad comparator missing/ },
  ],
  [
    'unknown kind',
    (plan) => (taskOf(plan, 'P02').indicators[0].kind = 'count'),
    { file: PLAN, taskCode: 'P02', field: 'indicators[0].kind', detail: /unknown kind "count"/ },
  ],
  [
    'missing unit of measure',
    (plan) => delete taskOf(plan, 'P02').indicators[0].unit,
    { file: PLAN, taskCode: 'P02', field: 'indicators[0].unit', detail: /missing unit of measure/ },
  ],
  [
    'unknown unit of measure (a 万 multiple)',
    (plan) => (taskOf(plan, 'P04').indicators[0].unit = '万人'),
    { file: PLAN, taskCode: 'P04', field: 'indicators[0].unit', detail: /unknown unit of measure "万人"/ },
  ],
  [
    'rate not in %',
    (plan) => (taskOf(plan, 'P16').indicators[1].unit = '个'),
    { file: PLAN, taskCode: 'P16', field: 'indicators[1].unit', detail: /rate is measured in "%"/ },
  ],
  [
    'co-led task indicator without ownerUnit',
    (plan) => delete taskOf(plan, 'P16').indicators[0].ownerUnit,
    { file: PLAN, taskCode: 'P16', field: 'indicators[0].ownerUnit', detail: /missing ownerUnit: the task is co-led by data, hrss/ },
  ],
  [
    'ownerUnit not among the leads',
    (plan) => (taskOf(plan, 'P16').indicators[0].ownerUnit = 'edu'),
    { file: PLAN, taskCode: 'P16', field: 'indicators[0].ownerUnit', detail: /"edu" is not among the task's lead units/ },
  ],
  [
    'ownerUnit not the lead of a single-lead task',
    (plan) => (taskOf(plan, 'P01').indicators[0].ownerUnit = 'hrss'),
    { file: PLAN, taskCode: 'P01', field: 'indicators[0].ownerUnit', detail: /not among the task's lead units \(edu\)/ },
  ],
  [
    'rate target above 100',
    (plan) => (taskOf(plan, 'P16').indicators[1].target = 120),
    { file: PLAN, taskCode: 'P16', field: 'indicators[1].target', detail: /within 0..100, got 120/ },
  ],
  [
    'rate target below 0',
    (plan) => (taskOf(plan, 'G03').indicators[2].target = -2.7),
    { file: PLAN, taskCode: 'G03', field: 'indicators[2].target', detail: /within 0..100, got -2.7/ },
  ],
  ['plan year not an integer', (plan) => (plan.year = 2025.5), { file: PLAN, field: 'year', detail: /must be an integer, got 2025.5/ }],
  ['plan year as text', (plan) => (plan.year = '2025年'), { file: PLAN, field: 'year', detail: /must be an integer, got "2025年"/ }],
  [
    'deadline day that some months lack',
    (plan) => (plan.calendar.deadlineDay = 31),
    { file: PLAN, field: 'calendar.deadlineDay', detail: /between 1 and 28/ },
  ],
  [
    'misspelt key',
    (plan) => {
      const task = taskOf(plan, 'P09');
      task.leadUnit = task.leadUnits;
      delete task.leadUnits;
    },
    { file: PLAN, taskCode: 'P09', field: 'leadUnit', detail: /unknown key "leadUnit"/ },
  ],
  [
    'misspelt indicator key',
    (plan) => {
      const indicator = taskOf(plan, 'P09').indicators[0];
      indicator.owner = 'health';
    },
    { file: PLAN, taskCode: 'P09', field: 'indicators[0].owner', detail: /unknown key "owner"/ },
  ],
  [
    'task without indicators',
    (plan) => (taskOf(plan, 'C03').indicators = []),
    { file: PLAN, taskCode: 'C03', field: 'indicators', detail: /must not be empty/ },
  ],
  [
    'task without lead units',
    (plan) => (taskOf(plan, 'C03').leadUnits = []),
    { file: PLAN, taskCode: 'C03', field: 'leadUnits', detail: /must not be empty/ },
  ],
  [
    'indicator without source',
    (plan) => (taskOf(plan, 'C04').indicators[1].source = ''),
    { file: PLAN, taskCode: 'C04', field: 'indicators[1].source', detail: /non-empty string/ },
  ],
  [
    'unknown unit code in the task force',
    (plan) => (plan.taskForce.memberUnits[4] = 'treasury'),
    { file: PLAN, field: 'taskForce.memberUnits[4]', detail: /unknown unit code "treasury"/ },
  ],
  [
    'unknown unit code for the task-force office',
    (plan) => (plan.taskForce.office.unit = 'office'),
    { file: PLAN, field: 'taskForce.office.unit', detail: /unknown unit code "office"/ },
  ],
];

describe('validation of broken copies of the seed', () => {
  it('accepts the unbroken seed', () => {
    expect(allTasks(parseCatalog(planText, unitsText, names).plan)).toHaveLength(44);
  });

  it.each(cases)('rejects %s', (_name, edit, expected) => {
    expectError(brokenBy(edit), expected);
  });

  it('names the indicator of an indicator error', () => {
    const error = brokenBy((plan) => (taskOf(plan, 'P16').indicators[1].target = 120));
    expect(error.indicatorId).toBe('P16-2');
    expect(error.message).toBe(
      `${PLAN}, task P16, indicator P16-2, field indicators[1].target: rate target must be within 0..100, got 120`,
    );
  });

  it('rejects YAML that does not parse, naming the file', () => {
    const error = errorOf(() => parseCatalog(planText.replace('year: 2025', 'year: [2025'), unitsText, names));
    expect(error.file).toBe(PLAN);
    expect(error.message.startsWith(`${PLAN}: invalid YAML`)).toBe(true);
  });

  it('rejects a duplicate key in the YAML text', () => {
    const error = errorOf(() => parseCatalog(planText.replace('year: 2025', 'year: 2025\nyear: 2026'), unitsText, names));
    expect(error.file).toBe(PLAN);
    expect(error.detail).toMatch(/unique/i);
  });

  it('rejects an edit made in the YAML text itself', () => {
    const text = planText.replace('target: 38801\n                unit: 台', 'target: 38801\n                unit: 部');
    expectError(
      errorOf(() => parseCatalog(text, unitsText, names)),
      {
        file: PLAN,
        taskCode: 'P01',
        field: 'indicators[0].unit',
        detail: /unknown unit of measure "部"/,
      },
    );
  });
});

describe('loadCatalog on other files', () => {
  it('loads another city’s plan: the loader knows no city', () => {
    const catalog = loadCatalog(join(fixtures, 'other-city/plan.yaml'), join(fixtures, 'other-city/units.yaml'));
    expect(catalog.plan).toMatchObject({
      id: 'example-2026',
      city: '示例市',
      year: 2026,
      calendar: { period: 'monthly', deadlineDay: 20 },
    });
    const tasks = allTasks(catalog.plan);
    expect(tasks.map((t) => t.code)).toEqual(['T01', 'T02']);
    expect(tasks[1]!.indicators[0]).toEqual({
      id: 'T02-1',
      name: '供水管网改造',
      kind: 'cumulative',
      target: 150000,
      unit: '米',
      comparator: '>=',
      ownerUnit: 'water',
      source: '改造供水管网15万米',
    });
    // A milestone may leave its comparator out.
    expect(tasks[1]!.indicators[1]).toMatchObject({ kind: 'milestone', target: null, unit: null, comparator: '=' });
    expect(catalog.taskForce.deputyConveners).toEqual([]);
  });

  it('names the file it read in its errors', () => {
    const planFile = join(fixtures, 'broken/plan-unknown-lead.yaml');
    const error = errorOf(() => loadCatalog(planFile, join(fixtures, 'other-city/units.yaml')));
    expectError(error, { file: planFile, taskCode: 'T01', field: 'leadUnits[0]', detail: /unknown unit code "education-bureau"/ });
  });

  it('reports a file it cannot read', () => {
    const missing = join(fixtures, 'no-such-plan.yaml');
    const error = errorOf(() => loadCatalog(missing, join(fixtures, 'other-city/units.yaml')));
    expect(error.file).toBe(missing);
    expect(error.message).toMatch(/cannot read file/);
  });
});

describe('the plan’s 督办单 rules', () => {
  it('reads them from the seed, and a plan without them has none', () => {
    expect(parseCatalog(planText, unitsText, names).plan.noticeRules).toEqual({
      blueWorkingDaysBeforeDeadline: 3,
      responseWorkingDays: { blue: 5, yellow: 5, red: 3 },
      returnsInARow: 2,
    });
    const plan = parse(planText);
    delete plan.noticeRules;
    expect(parseCatalog(stringify(plan), unitsText, names).plan.noticeRules).toBeUndefined();
  });

  it.each([
    [
      'a fraction of a day',
      (rules: Doc) => (rules.blueWorkingDaysBeforeDeadline = 0.5),
      'noticeRules.blueWorkingDaysBeforeDeadline',
      /integer/,
    ],
    ['签收’s days said twice', (rules: Doc) => (rules.acknowledgeWorkingDays = 2), 'noticeRules.acknowledgeWorkingDays', /say it once/],
    ['zero days', (rules: Doc) => (rules.blueWorkingDaysBeforeDeadline = 0), 'noticeRules.blueWorkingDaysBeforeDeadline', /1/],
    ['an unknown level', (rules: Doc) => (rules.responseWorkingDays.green = 5), 'noticeRules.responseWorkingDays.green', /unknown key/],
    ['who supervises (not the plan’s to say)', (rules: Doc) => (rules.supervisors = ['admin']), 'noticeRules.supervisors', /unknown key/],
  ])('refuses %s', (_name, edit, field, detail) => {
    expectError(
      brokenBy((plan) => edit(plan.noticeRules)),
      { file: DEFAULT_SEED.planFile, field, detail },
    );
  });
});

describe('the chains of the supervision documents', () => {
  const chains = () => parseCatalog(planText, unitsText, names).plan.documentChains!;

  it('reads each kind’s stages, roles and actions from the seed, and a plan without them has none', () => {
    expect(chains().notice!.stages.map((stage) => [stage.name, stage.roles, stage.actions, stage.slaWorkingDays])).toEqual([
      ['交办', ['coordinator', 'office'], ['issue'], undefined],
      ['签收', ['submitter'], ['acknowledge'], 1],
      ['整改反馈', ['submitter'], ['respond'], undefined],
      ['核查销号', ['coordinator', 'office'], ['return', 'close'], undefined],
    ]);
    expect(chains().extension!.stages.map((stage) => stage.roles)).toEqual([['submitter'], ['office']]);
    expect(Object.keys(chains())).toEqual(['notice', 'urge', 'extension', 'instruction', 'bulletin']);
    const plan = parse(planText);
    delete plan.documentChains;
    expect(parseCatalog(stringify(plan), unitsText, names).plan.documentChains).toBeUndefined();
  });

  it('takes a plan’s narrower chain: only the office closes a notice', () => {
    const plan = parse(planText);
    plan.documentChains.notice.stages[3] = { id: 'check', name: '核查', roles: ['coordinator'], actions: ['return'] };
    plan.documentChains.notice.stages.push({ id: 'close', name: '销号', roles: ['office'], actions: ['close'] });
    const notice = parseCatalog(stringify(plan), unitsText, names).plan.documentChains!.notice!;
    expect(notice.stages.slice(3).map((stage) => [stage.id, stage.roles])).toEqual([
      ['check', ['coordinator']],
      ['close', ['office']],
    ]);
  });

  it.each([
    [
      'an action the kind does not have',
      (c: Doc) => c.notice.stages[0].actions.push('approve'),
      'documentChains.notice.stages[0].actions[1]',
      /unknown action "approve"/,
    ],
    [
      'an action at two stages',
      (c: Doc) => c.urge.stages[1].actions.push('urge'),
      'documentChains.urge.stages[1].actions[1]',
      /already at stage "urge"/,
    ],
    ['an action at no stage', (c: Doc) => c.instruction.stages.pop(), 'documentChains.instruction.stages', /missing: report/],
    [
      'a unit deciding extensions',
      (c: Doc) => c.extension.stages[1].roles.push('submitter'),
      'documentChains.extension.stages[1].roles[1]',
      /may not hold approve, refuse/,
    ],
    [
      'the office signing for a unit',
      (c: Doc) => (c.notice.stages[1].roles = ['office']),
      'documentChains.notice.stages[1].roles[0]',
      /may not hold acknowledge/,
    ],
    [
      'working days where no timer runs',
      (c: Doc) => (c.extension.stages[1].slaWorkingDays = 2),
      'documentChains.extension.stages[1].slaWorkingDays',
      /no timer/,
    ],
    ['an unknown kind', (c: Doc) => (c.memo = { stages: [] }), 'documentChains.memo', /unknown key/],
  ])('refuses %s', (_name, edit, field, detail) => {
    expectError(
      brokenBy((plan) => edit(plan.documentChains)),
      { file: DEFAULT_SEED.planFile, field, detail },
    );
  });
});
